package dev.lingualens.jobs.demo;

import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.jobs.ingest.IngestJob;
import dev.lingualens.jobs.report.ReportJob;
import dev.lingualens.jobs.tokens.TokenStatsJob;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/** {@code lingualens demo}: the whole pipeline on the shipped sample data, ending in the HTML report. */
public final class DemoJob {
  public record Result(IngestJob.Result ingest, TokenStatsJob.Result tokenStats, java.util.List<Object> ranker,
      Path report) {}

  private DemoJob() {}

  public static Result run(SparkSession spark, LinguaConfig config) {
    IngestJob.Result ingest = IngestJob.run(spark, config);
    TokenStatsJob.Result stats = TokenStatsJob.run(spark, config);
    java.util.List<Object> ranker = RankerDemo.run(spark, config);
    Path report = ReportJob.run(spark, config);
    return new Result(ingest, stats, ranker, report);
  }
}
