package dev.lingualens.jobs;

import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.jobs.ingest.IngestJob;
import dev.lingualens.jobs.lape.AblationJob;
import dev.lingualens.jobs.lape.LapeJob;
import dev.lingualens.jobs.lape.NeuronCountJob;
import dev.lingualens.jobs.latent.LatentJob;
import dev.lingualens.jobs.tokens.TokenStatsJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A small demo run's tables, made once per test JVM (ingest with Spark NLP is the slow part): four
 * UDHR languages, the shipped mistral7b tokenizer, the tiny Llama fixture with 16-token windows.
 */
public final class DemoTables {
  private static LinguaConfig config;

  private DemoTables() {}

  /**
   * The run's config; its output.dir holds every table of ingest, token-stats, neurons, lape,
   * ablate.
   */
  public static synchronized LinguaConfig get() throws IOException {
    if (config == null) {
      Path dir = Files.createTempDirectory("lingualens-demo-tables");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
      Path udhr = Files.createDirectories(dir.resolve("udhr"));
      for (String f : List.of("eng.html", "fra.html", "deu_1996.html", "spa.html")) {
        Files.copy(Repo.root().resolve("sample-data/udhr").resolve(f), udhr.resolve(f));
      }
      Map<String, String> keys = new LinkedHashMap<>();
      keys.put("output.dir", dir.resolve("out").toString());
      keys.put("ingest.inputs", "udhr=udhr:" + udhr);
      keys.put("ingest.partitions", "2");
      keys.put(
          "tokenstats.tokenizers",
          "mistral7b=" + Repo.root().resolve("sample-data/tokenizers/mistral7b"));
      keys.put(
          "model.path",
          Repo.root().resolve("common/src/test/resources/fixtures/models/llama").toString());
      keys.put("neurons.window", "16");
      keys.put("lape.top-rate", "0.2");
      keys.put("lape.filter-rate", "0.5");
      keys.put("lape.activation-bar-ratio", "0.5");
      LinguaConfig c = LinguaConfig.defaults().with(keys);
      var spark = SparkTestSession.get();
      new IngestJob().run(spark, c);
      new TokenStatsJob().run(spark, c);
      new NeuronCountJob().run(spark, c);
      new LapeJob().run(spark, c);
      new AblationJob().run(spark, c);
      new LatentJob()
          .run(
              spark,
              c.with(
                  Map.of(
                      "latent.models",
                      "demo-llama=" + Repo.root().resolve("sample-data/models/demo-llama"),
                      "latent.langs",
                      "eng,fra,deu",
                      "latent.max-items",
                      "6")));
      config = c;
    }
    return config;
  }

  public static Path outputDir() throws IOException {
    return Path.of(CoreSettings.from(get()).outputDir());
  }

  private static void delete(Path dir) {
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // best effort at JVM exit
    }
  }
}
