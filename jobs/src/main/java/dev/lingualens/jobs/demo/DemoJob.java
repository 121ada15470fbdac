package dev.lingualens.jobs.demo;

import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.jobs.ingest.IngestJob;
import dev.lingualens.jobs.lape.AblationJob;
import dev.lingualens.jobs.lape.LapeJob;
import dev.lingualens.jobs.lape.NeuronCountJob;
import dev.lingualens.jobs.mixture.MergeCountsJob;
import dev.lingualens.jobs.mixture.MixtureJob;
import dev.lingualens.jobs.report.ReportJob;
import dev.lingualens.jobs.tokens.TokenStatsJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * {@code lingualens demo}: the whole pipeline on the shipped sample data, ending in the HTML report.
 * The model-based steps run on {@code model.path} (the shipped demo model in conf/demo.conf); the mixture
 * steps on the tokenizers named in {@code mixture.tokenizers} (the demo model's own, with its known mixture).
 */
public final class DemoJob {
  public record Result(List<Object> steps, Path report) {}

  private DemoJob() {}

  public static Result run(SparkSession spark, LinguaConfig config) {
    List<Object> steps = new ArrayList<>();
    steps.add(IngestJob.run(spark, config));
    steps.add(TokenStatsJob.run(spark, config));
    String model = config.get("model.path");
    if (!model.isBlank() && Files.isDirectory(Paths.get(model))) {
      steps.add(NeuronCountJob.run(spark, config));
      steps.add(LapeJob.run(spark, config).lape().masks());
      steps.add(AblationJob.run(spark, config));
    }
    steps.addAll(RankerDemo.run(spark, config));
    if (!config.get("mixture.tokenizers").equals("auto")) {
      steps.add(MergeCountsJob.run(spark, config));
      steps.add(MixtureJob.run(spark, config));
    }
    return new Result(steps, ReportJob.run(spark, config));
  }
}
