package dev.lingualens.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lingualens.common.config.Key;
import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.common.schema.Tables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The files generated from {@link JobRegistry}: the key reference (docs/configuration.md) and the
 * job list the Airflow DAG is built from (scripts/airflow/lingualens_jobs.json). Tests fail when
 * the committed copies drift from what this renders.
 */
public final class RegistryFiles {
  public static final String CONFIGURATION_MD = "docs/configuration.md";
  public static final String AIRFLOW_JOBS_JSON = "scripts/airflow/lingualens_jobs.json";

  private RegistryFiles() {}

  /** Every key: default, type with bounds, doc and the jobs that read it. */
  public static String configurationMarkdown() {
    Map<String, TreeSet<String>> readers = new LinkedHashMap<>();
    for (Job<?, ?> job : JobRegistry.jobs()) {
      job.keys()
          .forEach(k -> readers.computeIfAbsent(k.name(), x -> new TreeSet<>()).add(job.name()));
    }
    StringBuilder sb =
        new StringBuilder(
            """
        # Configuration keys

        Generated from the key declarations (`JobRegistry`, each job's settings record) by
        `mvn -pl jobs -am test -Dtest=GeneratedFilesTest -Dlingualens.regenerate-docs=true`; a test fails when this
        file and the code differ. `lingualens config --explain` prints the same, with the value in effect and its
        source; `lingualens <job> --help` the keys of one job.

        Precedence: command line (`--key=value`) > Spark conf `spark.lingualens.<key>` > conf file (`--conf-file`,
        Java properties) > these defaults. Unknown keys are rejected with the list of known ones; a bad value is
        reported with its key, value and source. `${home}` in a value is the install folder.

        | key | default | type | meaning | read by |
        |---|---|---|---|---|
        """);
    for (Key<?> k : LinguaConfig.keys().values()) {
      sb.append("| `")
          .append(k.name())
          .append("` | ")
          .append(k.defaultValue().isEmpty() ? "" : "`" + k.defaultValue() + "`")
          .append(" | ")
          .append(k.type())
          .append(" | ")
          .append(k.doc().replace("|", "\\|"))
          .append(" | ")
          .append(
              String.join(", ", readers.getOrDefault(k.name(), new TreeSet<>(List.of("all jobs")))))
          .append(" |\n");
    }
    return sb.toString();
  }

  /** Each job with its tables and the jobs whose output it reads (its upstream tasks). */
  public static String airflowJobsJson() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Job<?, ?> job : JobRegistry.jobs()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", job.name());
      m.put("summary", job.summary());
      m.put("reads", job.inputs().stream().map(Tables.Table::name).toList());
      m.put("writes", job.outputs().stream().map(Tables.Table::name).toList());
      m.put("uses_model", job.usesModel());
      m.put("after", upstream(job));
      out.add(m);
    }
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out)
          + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The jobs that write a table {@code job} reads, in registry order. */
  public static List<String> upstream(Job<?, ?> job) {
    List<String> up = new ArrayList<>();
    for (Job<?, ?> other : JobRegistry.jobs()) {
      if (other != job && other.outputs().stream().anyMatch(job.inputs()::contains)) {
        up.add(other.name());
      }
    }
    return up;
  }
}
