package dev.lingualens.jobs.demo;

import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.jobs.rank.RankJob;
import dev.lingualens.jobs.represent.RepresentJob;
import dev.lingualens.jobs.retrieval.RetrievalJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The demo's Language Ranker steps (represent → rank → retrieval) on whatever models are there: the
 * configured {@code represent.models}, else {@code model.path} (the shipped demo model) plus the real
 * all-MiniLM-L6-v2 on ONNX Runtime when scripts/fetch-data.sh has fetched it. No model, no steps.
 */
public final class RankerDemo {
  private RankerDemo() {}

  public static List<Object> run(SparkSession spark, LinguaConfig config) {
    List<Object> steps = new ArrayList<>();
    String models = config.get("represent.models");
    if (models.isBlank()) {
      List<String> found = new ArrayList<>();
      String model = config.get("model.path");
      if (!model.isBlank() && Files.isDirectory(Paths.get(model))) {
        found.add(Paths.get(model).getFileName() + "=" + model);
      }
      Path minilm = Paths.get(config.get("cache.dir"), "models", "all-MiniLM-L6-v2");
      if (Files.isRegularFile(minilm.resolve("model.onnx"))) {
        found.add("all-MiniLM-L6-v2=onnx:" + minilm);
      }
      if (found.isEmpty()) {
        return steps;
      }
      models = String.join(",", found);
    }
    LinguaConfig withModels = config.with(Map.of("represent.models", models));
    steps.add(RepresentJob.run(spark, withModels));
    steps.add(RankJob.run(spark, withModels));
    steps.add(RetrievalJob.run(spark, withModels));
    return steps;
  }
}
