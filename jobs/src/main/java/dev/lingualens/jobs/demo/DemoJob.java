package dev.lingualens.jobs.demo;

import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.jobs.Job;
import dev.lingualens.jobs.JobRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * {@code lingualens demo}: the whole pipeline on the shipped sample data, ending in the HTML
 * report: every registered job in registry order, each with the config its {@link Job#demoConfig}
 * gives (model steps on {@code model.path}, the shipped demo model in conf/demo.conf; mixture steps
 * on the tokenizers named in {@code mixture.tokenizers}), skipped when it gives none.
 */
public final class DemoJob {
  /** One line per step: the job and what it printed, or why it was skipped. */
  public record Result(List<String> steps) {
    @Override
    public String toString() {
      return String.join("\n", steps);
    }
  }

  private DemoJob() {}

  public static Result run(SparkSession spark, LinguaConfig config) {
    List<String> steps = new ArrayList<>();
    for (Job<?, ?> job : JobRegistry.jobs()) {
      steps.add(job.name() + ": " + step(job, spark, config));
    }
    return new Result(steps);
  }

  private static <S, R> String step(Job<S, R> job, SparkSession spark, LinguaConfig config) {
    Optional<LinguaConfig> demo = job.demoConfig(config);
    if (demo.isEmpty()) {
      return "skipped (nothing to run it on in this demo)";
    }
    return job.describe(job.run(spark, demo.get()));
  }
}
