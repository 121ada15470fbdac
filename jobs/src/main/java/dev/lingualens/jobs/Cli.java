package dev.lingualens.jobs;

import dev.lingualens.common.config.ConfigException;
import dev.lingualens.common.config.Key;
import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.common.model.ModelSummary;
import dev.lingualens.common.resources.ExecutorResources;
import dev.lingualens.jobs.demo.DemoJob;
import dev.lingualens.jobs.model.ModelSettings;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * {@code lingualens <command> [--key=value ...] [--conf-file=path]}: the one entry point of the
 * launcher, spark-submit and Airflow. The job commands come from {@link JobRegistry}. Config errors
 * print one line naming the bad value and exit 2.
 */
public final class Cli {
  /** Commands that are not jobs: they write no tables and need no run record. */
  private static final Map<String, String> TOOLS = toolCommands();

  /** Parsed command line: the command, key/value overrides, the conf file (or null), and --help. */
  record Args(String command, Map<String, String> overrides, Path confFile, boolean help) {}

  private Cli() {}

  private static Map<String, String> toolCommands() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(
        "demo",
        "every job above on the shipped sample data (conf/demo.conf), ending in the report");
    m.put(
        "model-summary",
        "family, layers, sizes, parameters and dtype of the model folder in --model.path");
    m.put(
        "config",
        "print every configuration key, its value, where it came from and what it means (--explain)");
    m.put(
        "help",
        "this text; `lingualens <command> --help` describes one command, its tables and keys");
    return m;
  }

  static String usage() {
    StringBuilder sb =
        new StringBuilder(
            "usage: lingualens <command> [--<key>=<value> ...] [--conf-file=<path>]\n"
                + "jobs (in pipeline order):\n");
    for (Job<?, ?> job : JobRegistry.jobs()) {
      sb.append(String.format(java.util.Locale.ROOT, "  %-15s %s%n", job.name(), job.summary()));
    }
    sb.append("other commands:\n");
    TOOLS.forEach(
        (name, doc) -> sb.append(String.format(java.util.Locale.ROOT, "  %-15s %s%n", name, doc)));
    sb.append(
        "keys: see `lingualens config --explain`; precedence CLI > spark.lingualens.* > conf file > defaults\n");
    return sb.toString();
  }

  /** {@code lingualens <job> --help}: what the job reads and writes and every key it takes. */
  static String jobHelp(Job<?, ?> job) {
    StringBuilder sb = new StringBuilder("lingualens " + job.name() + ": " + job.summary() + "\n");
    sb.append("reads:  ").append(tableNames(job.inputs())).append('\n');
    sb.append("writes: ").append(tableNames(job.outputs())).append('\n');
    sb.append("keys:\n");
    for (Key<?> k : job.keys()) {
      sb.append("  --")
          .append(k.name())
          .append("=")
          .append(k.defaultValue().isEmpty() ? "\"\"" : k.defaultValue())
          .append("  (")
          .append(k.type())
          .append(")\n      ")
          .append(k.doc())
          .append('\n');
    }
    return sb.toString();
  }

  private static String tableNames(List<dev.lingualens.common.schema.Tables.Table> tables) {
    return tables.isEmpty() ? "-" : String.join(", ", tables.stream().map(t -> t.name()).toList());
  }

  public static void main(String[] argv) {
    int code;
    try {
      code = run(argv);
    } catch (ConfigException | IllegalArgumentException e) {
      System.err.println("lingualens: " + e.getMessage());
      code = 2;
    } catch (JobFailure e) {
      // recorded as failed in the runs table; the trace is logged at debug level (logger
      // dev.lingualens.jobs)
      System.err.println("lingualens: " + e.getMessage());
      code = 1;
    }
    System.exit(code);
  }

  /**
   * One command line, run in this JVM; returns the exit code {@link #main} would exit with (0, or 2
   * for usage). Public for benchmarks that run a job twice in one JVM.
   */
  public static int run(String[] argv) {
    Args args = parse(argv);
    String command = args.command();
    if (command == null || command.equals("help") && !args.help()) {
      System.out.print(usage());
      return command == null ? 2 : 0;
    }
    Optional<Job<?, ?>> job = JobRegistry.job(command);
    if (job.isEmpty() && !TOOLS.containsKey(command)) {
      throw new IllegalArgumentException("unknown command '" + command + "'\n" + usage());
    }
    if (args.help()) {
      System.out.print(job.map(Cli::jobHelp).orElse(command + ": " + TOOLS.get(command) + "\n"));
      return 0;
    }
    Path confFile = args.confFile();
    if (confFile == null && command.equals("demo")) {
      confFile = Paths.get(LinguaConfig.home(), "conf", "demo.conf");
    }
    if (command.equals("config")) {
      LinguaConfig config = LinguaConfig.resolve(args.overrides(), sparkConfOnly(), confFile);
      System.out.print(config.explain());
      return 0;
    }
    if (command.equals("model-summary")) {
      LinguaConfig config = LinguaConfig.resolve(args.overrides(), sparkConfOnly(), confFile);
      String path = config.get(ModelSettings.PATH);
      if (path.isBlank()) {
        throw config.bad(ModelSettings.PATH, "a Hugging Face model folder (--model.path=<folder>)");
      }
      System.out.print(ModelSummary.of(Paths.get(path)));
      return 0;
    }
    SparkSession spark = session(command);
    LinguaConfig config = LinguaConfig.resolve(args.overrides(), sparkConf(spark), confFile);
    if (spark.sparkContext().isLocal()) {
      // local executors live in this JVM: the key also works on the command line (clusters: the
      // Spark conf)
      CoreSettings.resourceBytes(config).ifPresent(ExecutorResources::configure);
    }
    try {
      System.out.println(
          job.isPresent() ? runJob(job.get(), spark, config) : DemoJob.run(spark, config));
    } finally {
      spark.stop();
    }
    return 0;
  }

  private static <S, R> String runJob(Job<S, R> job, SparkSession spark, LinguaConfig config) {
    return job.describe(job.run(spark, config));
  }

  static Args parse(String[] argv) {
    String command = null;
    Map<String, String> overrides = new LinkedHashMap<>();
    Path confFile = null;
    boolean help = false;
    for (int i = 0; i < argv.length; i++) {
      String a = argv[i];
      if (a.startsWith("--")) {
        String body = a.substring(2);
        String key;
        String value;
        int eq = body.indexOf('=');
        if (eq >= 0) {
          key = body.substring(0, eq);
          value = body.substring(eq + 1);
        } else if (body.equals("explain")) {
          continue;
        } else if (body.equals("help")) {
          help = true;
          continue;
        } else if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) {
          key = body;
          value = argv[++i];
        } else {
          throw new IllegalArgumentException(
              "option --" + body + " needs a value (--" + body + "=<value>)");
        }
        if (key.equals("conf-file")) {
          confFile = Paths.get(value);
        } else {
          overrides.put(key, value);
        }
      } else if (command == null) {
        command = a;
      } else if (command.equals("help") && !help) {
        command = a;
        help = true;
      } else {
        throw new IllegalArgumentException("unexpected argument '" + a + "'\n" + usage());
      }
    }
    return new Args(command, overrides, confFile, help);
  }

  /**
   * The active session under spark-submit; a local one (all cores) when started with plain java.
   */
  static SparkSession session(String command) {
    SparkConf conf = new SparkConf();
    SparkSession.Builder b = SparkSession.builder().appName("lingualens " + command);
    if (!conf.contains("spark.master")) {
      b.master("local[*]");
    }
    if (conf.get("spark.master", "local[*]").startsWith("local")) {
      LOCAL_DEFAULTS.forEach(
          (k, v) -> {
            if (!conf.contains(k)) {
              b.config(k, v);
            }
          });
    }
    return b.getOrCreate();
  }

  /**
   * A local session's settings, each unless set by the caller (-Dspark...). The listing threshold:
   * above 32 paths Spark lists a table's folders with a distributed job of one task per folder,
   * which on one machine costs far more than listing them on the driver (a documents table has a
   * folder per language: 447 tasks, 20-40 s of token-stats under load; docs/benchmarks.md). The
   * local file system without a forked chmod per folder and file: {@link NioLocalFileSystem}.
   */
  static final Map<String, String> LOCAL_DEFAULTS =
      Map.of(
          "spark.ui.enabled", "false",
          "spark.sql.shuffle.partitions", "8",
          "spark.plugins", ResourcesPlugin.class.getName(),
          "spark.sql.sources.parallelPartitionDiscovery.threshold", "100000",
          "spark.hadoop.fs.file.impl", NioLocalFileSystem.class.getName());

  static Map<String, String> sparkConf(SparkSession spark) {
    Map<String, String> m = new LinkedHashMap<>();
    for (Tuple2<String, String> t : spark.sparkContext().getConf().getAll()) {
      m.put(t._1(), t._2());
    }
    return m;
  }

  private static Map<String, String> sparkConfOnly() {
    Map<String, String> m = new LinkedHashMap<>();
    for (Tuple2<String, String> t : new SparkConf().getAll()) {
      m.put(t._1(), t._2());
    }
    return m;
  }
}
