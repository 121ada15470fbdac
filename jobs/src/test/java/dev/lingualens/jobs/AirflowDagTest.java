package dev.lingualens.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lingualens.common.config.LinguaConfig;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * scripts/airflow/lingualens_dag.py, read without Airflow (scripts/airflow/dag_tasks.py, Python's
 * standard library): every task's main class exists, its arguments parse and resolve against the
 * real configuration keys, and the dependencies are the jobs' data dependencies. (That the class is
 * in the shaded jar is checked by the app module's ClusterTest, which runs after the jar is built.)
 */
class AirflowDagTest {
  static JsonNode tasks;

  @BeforeAll
  static void readDag() throws Exception {
    Path root = Repo.root();
    ProcessBuilder pb =
        new ProcessBuilder(
                "python3", "scripts/airflow/dag_tasks.py", "scripts/airflow/lingualens_dag.py")
            .directory(root.toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.environment().put("LINGUALENS_HOME", root.toString());
    Process p = pb.start();
    String json = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("dag_tasks.py exit code").isZero();
    tasks = new ObjectMapper().readTree(json);
  }

  @Test
  void everyTaskRunsAnExistingMainClassWithArgumentsTheCliAccepts() throws Exception {
    Set<String> commands = commands();
    assertThat(tasks.size()).isEqualTo(JobRegistry.jobs().size());
    for (JsonNode t : tasks) {
      String cls = t.get("java_class").asText();
      Method main = Class.forName(cls).getMethod("main", String[].class);
      assertThat(Modifier.isStatic(main.getModifiers())).as(cls + ".main is static").isTrue();
      List<String> args = new ArrayList<>();
      t.get("application_args").forEach(a -> args.add(a.asText()));
      Cli.Args parsed = Cli.parse(args.toArray(String[]::new));
      assertThat(commands).as("task " + t.get("task_id")).contains(parsed.command());
      assertThat(parsed.confFile()).as("conf file of " + t.get("task_id")).isRegularFile();
      Map<String, String> sparkConf = new HashMap<>();
      t.get("conf")
          .fields()
          .forEachRemaining(e -> sparkConf.put(e.getKey(), e.getValue().asText()));
      LinguaConfig config = LinguaConfig.resolve(parsed.overrides(), sparkConf, parsed.confFile());
      parsed.overrides().forEach((k, v) -> assertThat(config.entry(k).value()).as(k).isEqualTo(v));
      assertThat(config.explain()).isNotBlank();
    }
  }

  @Test
  void dependenciesFollowTheData() {
    Map<String, Set<String>> edges = new LinkedHashMap<>();
    for (JsonNode t : tasks) {
      Set<String> down = new TreeSet<>();
      t.get("downstream").forEach(d -> down.add(d.asText()));
      edges.put(t.get("task_id").asText(), down);
    }
    // The registry's data dependencies, written out: a job runs after every job whose table it
    // reads.
    Map<String, Set<String>> expected = new LinkedHashMap<>();
    expected.put(
        "ingest",
        Set.of(
            "token_stats", "neurons", "ablate", "represent", "merge_counts", "dmi_eval", "report"));
    expected.put("token_stats", Set.of("report"));
    expected.put("neurons", Set.of("lape"));
    expected.put("lape", Set.of("ablate", "report"));
    expected.put("ablate", Set.of("report"));
    expected.put("represent", Set.of("rank", "retrieval"));
    expected.put("rank", Set.of("report"));
    expected.put("retrieval", Set.of("report"));
    expected.put("latent", Set.of("report"));
    expected.put("merge_counts", Set.of("mixture"));
    expected.put("mixture", Set.of("report"));
    expected.put("dmi_eval", Set.of("report"));
    expected.put("report", Set.of());
    assertThat(edges).containsExactlyInAnyOrderEntriesOf(expected);
  }

  @Test
  void everyRegisteredJobIsATask() {
    Set<String> taskIds = new TreeSet<>();
    tasks.forEach(t -> taskIds.add(t.get("task_id").asText()));
    for (Job<?, ?> job : JobRegistry.jobs()) {
      assertThat(taskIds)
          .as("DAG task of job " + job.name())
          .contains(job.name().replace("-", "_"));
    }
  }

  /** The commands the CLI dispatches: the registered jobs. */
  static Set<String> commands() {
    Set<String> c = new TreeSet<>();
    JobRegistry.jobs().forEach(j -> c.add(j.name()));
    return c;
  }
}
