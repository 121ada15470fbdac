package dev.lingualens.jobs;

import dev.lingualens.common.config.ConfigException;
import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.common.model.ModelSummary;
import dev.lingualens.common.resources.ExecutorResources;
import dev.lingualens.jobs.demo.DemoJob;
import dev.lingualens.jobs.ingest.IngestJob;
import dev.lingualens.jobs.lape.AblationJob;
import dev.lingualens.jobs.lape.LapeJob;
import dev.lingualens.jobs.lape.NeuronCountJob;
import dev.lingualens.jobs.mixture.DmiEvalJob;
import dev.lingualens.jobs.mixture.MergeCountsJob;
import dev.lingualens.jobs.mixture.MixtureJob;
import dev.lingualens.jobs.rank.RankJob;
import dev.lingualens.jobs.represent.RepresentJob;
import dev.lingualens.jobs.retrieval.RetrievalJob;
import dev.lingualens.jobs.report.ReportJob;
import dev.lingualens.jobs.tokens.TokenStatsJob;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * {@code lingualens <command> [--key=value ...] [--conf-file=path]}: the one entry point of the
 * launcher, spark-submit and Airflow. Config errors print one line naming the bad value and exit 2.
 */
public final class Cli {
  static final String USAGE = """
      usage: lingualens <command> [--<key>=<value> ...] [--conf-file=<path>]
      commands:
        ingest          corpora -> documents + quarantine
        token-stats     documents -> token_stats + token_stats_docs
        neurons         documents + model -> neuron_counts (per-language FFN activation counts)
        lape            neuron_counts -> neuron_scores, lape_thresholds, language_neurons
        ablate          language_neurons + held-out windows -> ablation (NLL with each language's neurons zeroed)
        merge-counts    documents -> merge_pair_counts + merge_category_meta + merge_steps (BPE merge replay)
        mixture         merge_pair_counts -> mixture + mixture_solver_trace (what a tokenizer was trained on)
        dmi-eval        documents -> mixture_controlled (+ _summary): controlled data-mixture experiments
        report          tables -> <output.dir>/report/index.html
        represent       documents (aligned) -> representations (pooled hidden states per model and layer)
        rank            representations -> language_layer_similarity, language_rank, rank_correlation, rank_agreement
        retrieval       representations -> bitext_retrieval (P@1 both ways, margin P@1)
        demo            ingest + token-stats + report on the shipped sample data (conf/demo.conf)
        model-summary   family, layers, sizes, parameters and dtype of the model folder in --model.path
        config          print every configuration key, its value and where it came from (--explain)
      keys: see `lingualens config --explain`; precedence CLI > spark.lingualens.* > conf file > defaults
      """;

  /** Parsed command line: the command, key/value overrides, and the conf file (or null). */
  record Args(String command, Map<String, String> overrides, Path confFile) {}

  private Cli() {}

  public static void main(String[] argv) {
    int code;
    try {
      code = run(argv);
    } catch (ConfigException | IllegalArgumentException e) {
      System.err.println("lingualens: " + e.getMessage());
      code = 2;
    }
    System.exit(code);
  }

  static int run(String[] argv) {
    Args args = parse(argv);
    if (args.command() == null || args.command().equals("help")) {
      System.out.print(USAGE);
      return args.command() == null ? 2 : 0;
    }
    Path confFile = args.confFile();
    if (confFile == null && args.command().equals("demo")) {
      confFile = Paths.get(LinguaConfig.home(), "conf", "demo.conf");
    }
    if (args.command().equals("config")) {
      LinguaConfig config = LinguaConfig.resolve(args.overrides(), sparkConfOnly(), confFile);
      System.out.print(config.explain());
      return 0;
    }
    if (args.command().equals("model-summary")) {
      LinguaConfig config = LinguaConfig.resolve(args.overrides(), sparkConfOnly(), confFile);
      if (config.get("model.path").isBlank()) {
        throw config.bad("model.path", "a Hugging Face model folder (--model.path=<folder>)");
      }
      System.out.print(ModelSummary.of(Paths.get(config.get("model.path"))));
      return 0;
    }
    SparkSession spark = session(args.command());
    LinguaConfig config = LinguaConfig.resolve(args.overrides(), sparkConf(spark), confFile);
    if (spark.sparkContext().isLocal() && !config.get("executor.resource-bytes").isBlank()) {
      // local executors live in this JVM: the key also works on the command line (clusters: the Spark conf)
      ExecutorResources.configure(ExecutorResources.parseBytes(config.get("executor.resource-bytes"),
          "executor.resource-bytes"));
    }
    try {
      switch (args.command()) {
        case "ingest" -> System.out.println(IngestJob.run(spark, config));
        case "token-stats" -> System.out.println(TokenStatsJob.run(spark, config));
        case "neurons" -> System.out.println(NeuronCountJob.run(spark, config));
        case "lape" -> System.out.println(LapeJob.run(spark, config).lape().masks());
        case "ablate" -> System.out.println(AblationJob.run(spark, config));
        case "merge-counts" -> System.out.println(MergeCountsJob.run(spark, config));
        case "mixture" -> System.out.println(MixtureJob.run(spark, config));
        case "dmi-eval" -> System.out.println(String.join("\n", DmiEvalJob.run(spark, config).table()));
        case "report" -> System.out.println("report: " + ReportJob.run(spark, config));
        case "demo" -> System.out.println(DemoJob.run(spark, config));
        case "represent" -> System.out.println(RepresentJob.run(spark, config));
        case "rank" -> System.out.println(RankJob.run(spark, config));
        case "retrieval" -> System.out.println(RetrievalJob.run(spark, config));
        default -> throw new IllegalArgumentException("unknown command '" + args.command() + "'\n" + USAGE);
      }
    } finally {
      spark.stop();
    }
    return 0;
  }

  static Args parse(String[] argv) {
    String command = null;
    Map<String, String> overrides = new LinkedHashMap<>();
    Path confFile = null;
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
        } else if (List.of("explain").contains(body)) {
          continue;
        } else if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) {
          key = body;
          value = argv[++i];
        } else {
          throw new IllegalArgumentException("option --" + body + " needs a value (--" + body + "=<value>)");
        }
        if (key.equals("conf-file")) {
          confFile = Paths.get(value);
        } else {
          overrides.put(key, value);
        }
      } else if (command == null) {
        command = a;
      } else {
        throw new IllegalArgumentException("unexpected argument '" + a + "'\n" + USAGE);
      }
    }
    return new Args(command, overrides, confFile);
  }

  /** The active session under spark-submit; a local one (all cores) when started with plain java. */
  static SparkSession session(String command) {
    SparkConf conf = new SparkConf();
    SparkSession.Builder b = SparkSession.builder().appName("lingualens " + command);
    if (!conf.contains("spark.master")) {
      b.master("local[*]").config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "8")
          .config("spark.plugins", ResourcesPlugin.class.getName());
    }
    return b.getOrCreate();
  }

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
