package dev.lingualens.jobs.retrieval;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.struct;

import dev.lingualens.common.config.ConfigException;
import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.common.metrics.ranker.Retrieval;
import dev.lingualens.common.schema.RankerTables;
import dev.lingualens.jobs.JobContext;
import dev.lingualens.jobs.RunRecorder;
import dev.lingualens.jobs.SparkSchemas;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * {@code lingualens retrieval}: representations → {@code bitext_retrieval}. For each (model, pooling,
 * layer, src, tgt) the aligned units of both languages form one retrieval pool; P@1 both ways and
 * margin P@1 are computed on an executor per pool (vectors never go to the driver).
 */
public final class RetrievalJob {
  public record Result(String runId, long rows) {}

  static final StructType PAIRS = StructType.fromDDL("src string, tgt string");

  private RetrievalJob() {}

  public static Result run(SparkSession spark, LinguaConfig config) {
    return RunRecorder.recorded(new JobContext(spark, config, "retrieval"), RetrievalJob::body);
  }

  private static Result body(JobContext ctx) {
    LinguaConfig config = ctx.config();
    SparkSession spark = ctx.spark();
    String repPath = ctx.tablePath(RankerTables.REPRESENTATIONS);
    if (!Files.isDirectory(Paths.get(repPath))) {
      throw new ConfigException("No representations table at " + repPath + " (run 'lingualens represent' first)");
    }
    int k = config.getInt("retrieval.margin-k", 1);
    // one unit per (language, align_id): the smallest document id when a language has two versions
    Dataset<Row> units = spark.read().parquet(repPath)
        .groupBy("model", "pooling", "layer", "corpus", "lang", "align_id")
        .agg(min_by(col("vector"), col("doc_id")).as("vector"));
    units = filterLayers(units, config);
    List<Row> pairs = pairs(config, units);
    ctx.describe("retrieval over " + pairs.size() + " language pairs");
    Dataset<Row> pairDf = spark.createDataFrame(pairs, PAIRS);
    Dataset<Row> s = units.withColumnRenamed("lang", "src").withColumnRenamed("vector", "src_vector");
    Dataset<Row> t = units.withColumnRenamed("lang", "tgt").withColumnRenamed("vector", "tgt_vector");
    Dataset<Row> joined = s.join(pairDf, "src").join(t, seq("model", "pooling", "layer", "corpus", "align_id", "tgt"));
    Dataset<Row> pools = joined.groupBy("model", "pooling", "layer", "src", "tgt")
        .agg(collect_list(struct(col("corpus"), col("align_id"), col("src_vector"), col("tgt_vector"))).as("units"));
    Dataset<Row> results = pools.map((MapFunction<Row, Row>) r -> evaluate(r, k),
        Encoders.row(SparkSchemas.of(RankerTables.BITEXT_RETRIEVAL)));
    ctx.write(RankerTables.BITEXT_RETRIEVAL, results);
    long rows = spark.read().parquet(ctx.tablePath(RankerTables.BITEXT_RETRIEVAL)).count();
    ctx.count("language_pairs", pairs.size());
    ctx.count("rows", rows);
    return new Result(ctx.runId(), rows);
  }

  private static Dataset<Row> filterLayers(Dataset<Row> units, LinguaConfig config) {
    String which = config.get("retrieval.layers").trim().toLowerCase(Locale.ROOT);
    if (which.equals("all")) {
      return units;
    }
    if (which.equals("last")) {
      Dataset<Row> deepest = units.groupBy("model").agg(org.apache.spark.sql.functions.max("layer").as("deepest"));
      return units.join(deepest, "model").filter(col("layer").equalTo(col("deepest"))).drop("deepest");
    }
    List<Integer> layers = new ArrayList<>();
    for (String l : config.getList("retrieval.layers")) {
      try {
        layers.add(Integer.parseInt(l));
      } catch (NumberFormatException e) {
        throw config.bad("retrieval.layers", "all, last or comma-separated 1-based layer numbers");
      }
    }
    return units.filter(col("layer").isin(layers.toArray()));
  }

  /** 'auto' = (reference, x) for every other language present; else the configured src:tgt list. */
  private static List<Row> pairs(LinguaConfig config, Dataset<Row> units) {
    List<Row> out = new ArrayList<>();
    List<String> entries = config.getList("retrieval.pairs");
    if (entries.size() == 1 && entries.get(0).equalsIgnoreCase("auto")) {
      String ref = config.get("rank.reference-lang");
      for (Row r : units.select("lang").distinct().orderBy("lang").collectAsList()) {
        if (!r.getString(0).equals(ref)) {
          out.add(RowFactory.create(ref, r.getString(0)));
        }
      }
      return out;
    }
    for (String e : entries) {
      String[] p = e.split(":");
      if (p.length != 2 || p[0].isBlank() || p[1].isBlank() || p[0].trim().equals(p[1].trim())) {
        throw config.bad("retrieval.pairs", "'auto' or src:tgt pairs of two different ISO 639-3 codes, e.g. eng:fra; got '"
            + e + "'");
      }
      out.add(RowFactory.create(p[0].trim(), p[1].trim()));
    }
    return out;
  }

  private static Row evaluate(Row pool, int k) {
    List<Row> units = new ArrayList<>(pool.getList(pool.fieldIndex("units")));
    // collect_list has no order: sort so that ties (lowest index wins) are reproducible
    units.sort(Comparator.<Row, String>comparing(u -> u.getString(0)).thenComparing(u -> u.getString(1)));
    float[][] src = new float[units.size()][];
    float[][] tgt = new float[units.size()][];
    for (int i = 0; i < units.size(); i++) {
      src[i] = floats(units.get(i).getList(2));
      tgt[i] = floats(units.get(i).getList(3));
    }
    Retrieval.Result r = Retrieval.evaluate(src, tgt, k);
    return RowFactory.create(pool.getString(pool.fieldIndex("model")), pool.getInt(pool.fieldIndex("layer")),
        pool.getString(pool.fieldIndex("pooling")), pool.getString(pool.fieldIndex("src")),
        pool.getString(pool.fieldIndex("tgt")), r.n(), r.p1SrcToTgt(), r.p1TgtToSrc(), r.p1Avg(), r.xsimError(),
        r.p1MarginAvg(), null);
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
