package dev.lingualens.jobs.retrieval;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.struct;

import dev.lingualens.common.config.ConfigException;
import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.common.metrics.ranker.Retrieval;
import dev.lingualens.common.schema.RankerTables;
import dev.lingualens.jobs.BaseJob;
import dev.lingualens.jobs.InputSchema;
import dev.lingualens.jobs.JobContext;
import dev.lingualens.jobs.RowValues;
import dev.lingualens.jobs.SparkSchemas;
import dev.lingualens.jobs.TableRow;
import dev.lingualens.jobs.demo.DemoModels;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * {@code lingualens retrieval}: representations → {@code bitext_retrieval}. For each (model,
 * pooling, layer, src, tgt) the aligned units of both languages form one retrieval pool; P@1 both
 * ways and margin P@1 are computed on an executor per pool (vectors never go to the driver).
 */
public final class RetrievalJob extends BaseJob<RetrievalSettings, RetrievalJob.Result> {
  public record Result(String runId, long rows) {}

  public RetrievalJob() {
    super(
        "retrieval",
        "representations -> bitext_retrieval (P@1 both ways, margin P@1)",
        List.of(RankerTables.REPRESENTATIONS),
        List.of(RankerTables.BITEXT_RETRIEVAL),
        RetrievalSettings.KEYS,
        RetrievalSettings::from);
  }

  static final StructType PAIRS = StructType.fromDDL("src string, tgt string");

  /** What {@link #evaluate} reads: one retrieval pool. */
  static final InputSchema POOL =
      InputSchema.of(
          "RetrievalJob.evaluate",
          "model string, pooling string, layer int, "
              + "src string, tgt string, units array<struct<corpus:string,align_id:string,src_vector:array<float>,"
              + "tgt_vector:array<float>>>");

  @Override
  public Optional<LinguaConfig> demoConfig(LinguaConfig config) {
    return DemoModels.withRankerModels(config);
  }

  @Override
  public Result execute(JobContext ctx, RetrievalSettings settings) {
    SparkSession spark = ctx.spark();
    String repPath = ctx.tablePath(RankerTables.REPRESENTATIONS);
    if (!Files.isDirectory(Paths.get(repPath))) {
      throw new ConfigException(
          "No representations table at " + repPath + " (run 'lingualens represent' first)");
    }
    int k = settings.marginK();
    // one unit per (language, align_id): the smallest document id when a language has two versions
    Dataset<Row> units =
        spark
            .read()
            .parquet(repPath)
            .groupBy("model", "pooling", "layer", "corpus", "lang", "align_id")
            .agg(min_by(col("vector"), col("doc_id")).as("vector"));
    units = filterLayers(units, settings.layers());
    List<Row> pairs = pairs(settings, units);
    ctx.describe("retrieval over " + pairs.size() + " language pairs");
    Dataset<Row> pairDf = spark.createDataFrame(pairs, PAIRS);
    Dataset<Row> s =
        units.withColumnRenamed("lang", "src").withColumnRenamed("vector", "src_vector");
    Dataset<Row> t =
        units.withColumnRenamed("lang", "tgt").withColumnRenamed("vector", "tgt_vector");
    Dataset<Row> joined =
        s.join(pairDf, "src")
            .join(t, seq("model", "pooling", "layer", "corpus", "align_id", "tgt"));
    Dataset<Row> pools =
        joined
            .groupBy("model", "pooling", "layer", "src", "tgt")
            .agg(
                collect_list(
                        struct(
                            col("corpus"), col("align_id"), col("src_vector"), col("tgt_vector")))
                    .as("units"));
    Dataset<Row> results =
        POOL.check(pools)
            .map(
                (MapFunction<Row, Row>) r -> evaluate(r, k),
                Encoders.row(SparkSchemas.of(RankerTables.BITEXT_RETRIEVAL)));
    long rows = ctx.write(RankerTables.BITEXT_RETRIEVAL, results).count();
    ctx.count("language_pairs", pairs.size());
    ctx.count("rows", rows);
    return new Result(ctx.runId(), rows);
  }

  private static Dataset<Row> filterLayers(Dataset<Row> units, List<Integer> layers) {
    if (layers.isEmpty()) {
      return units;
    }
    if (layers.equals(List.of(RetrievalSettings.LAST))) {
      Dataset<Row> deepest =
          units.groupBy("model").agg(org.apache.spark.sql.functions.max("layer").as("deepest"));
      return units
          .join(deepest, "model")
          .filter(col("layer").equalTo(col("deepest")))
          .drop("deepest");
    }
    return units.filter(col("layer").isin(layers.toArray()));
  }

  /** Empty configured pairs = (reference, x) for every other language present. */
  private static List<Row> pairs(RetrievalSettings settings, Dataset<Row> units) {
    List<Row> out = new ArrayList<>();
    if (settings.pairs().isEmpty()) {
      String ref = settings.referenceLang();
      for (Row r : units.select("lang").distinct().orderBy("lang").collectAsList()) {
        if (!r.getAs("lang").equals(ref)) {
          out.add(TableRow.of(PAIRS).set("src", ref).set("tgt", r.getAs("lang")).build());
        }
      }
      return out;
    }
    for (String[] p : settings.pairs()) {
      out.add(TableRow.of(PAIRS).set("src", p[0]).set("tgt", p[1]).build());
    }
    return out;
  }

  private static Row evaluate(Row pool, int k) {
    List<Row> units = new ArrayList<>(RowValues.<Row>list(pool, "units"));
    // collect_list has no order: sort so that ties (lowest index wins) are reproducible
    units.sort(
        Comparator.<Row, String>comparing(u -> u.getAs("corpus"))
            .thenComparing(u -> u.<String>getAs("align_id")));
    float[][] src = new float[units.size()][];
    float[][] tgt = new float[units.size()][];
    for (int i = 0; i < units.size(); i++) {
      src[i] = floats(RowValues.list(units.get(i), "src_vector"));
      tgt[i] = floats(RowValues.list(units.get(i), "tgt_vector"));
    }
    Retrieval.Result r = Retrieval.evaluate(src, tgt, k);
    return TableRow.of(RankerTables.BITEXT_RETRIEVAL)
        .set("model", pool.getAs("model"))
        .set("layer", pool.<Integer>getAs("layer"))
        .set("pooling", pool.getAs("pooling"))
        .set("src", pool.getAs("src"))
        .set("tgt", pool.getAs("tgt"))
        .set("n", r.n())
        .set("p1_src2tgt", r.p1SrcToTgt())
        .set("p1_tgt2src", r.p1TgtToSrc())
        .set("p1_avg", r.p1Avg())
        .set("xsim_err", r.xsimError())
        .set("p1_margin_avg", r.p1MarginAvg())
        .set("run_id", null)
        .build();
  }

  private static float[] floats(List<Float> list) {
    float[] out = new float[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = list.get(i);
    }
    return out;
  }

  private static scala.collection.immutable.Seq<String> seq(String... columns) {
    return scala.collection.JavaConverters.asScalaBuffer(List.of(columns)).toList();
  }
}
