package dev.lingualens.jobs.rank;

import dev.lingualens.common.config.ConfigException;
import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.common.metrics.ranker.ReferenceShares;
import dev.lingualens.jobs.model.ModelSettings;
import dev.lingualens.jobs.represent.RepresentSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference share tables of {@code rank.references}: properties files, or model folders whose
 * {@code training.json} records the mixture. 'auto' = the shipped Llama 2 table plus the training
 * mixture of every model in {@code represent.models} that has one.
 */
final class References {
  private References() {}

  static List<ReferenceShares> fromConfig(LinguaConfig config) {
    List<ReferenceShares> out = new ArrayList<>();
    List<String> entries = config.get(RankSettings.REFERENCES);
    if (entries.size() == 1 && entries.get(0).equalsIgnoreCase("auto")) {
      Path llama2 =
          Paths.get(LinguaConfig.home(), "conf", "reference-shares", "llama2-table10.properties");
      if (Files.isRegularFile(llama2)) {
        out.add(ReferenceShares.read(llama2));
      }
      for (String[] model : models(config)) {
        ReferenceShares.fromTrainingJson(Paths.get(model[1]), model[0] + "_training_mixture")
            .ifPresent(out::add);
      }
      return out;
    }
    for (String e : entries) {
      Path p = Paths.get(e);
      if (Files.isDirectory(p)) {
        out.add(
            ReferenceShares.fromTrainingJson(p, p.getFileName() + "_training_mixture")
                .orElseThrow(
                    () ->
                        new ConfigException(
                            "rank.references: folder " + p + " has no training.json")));
      } else if (Files.isRegularFile(p)) {
        try {
          out.add(ReferenceShares.read(p));
        } catch (IllegalArgumentException ex) {
          throw new ConfigException("rank.references: " + ex.getMessage(), ex);
        }
      } else {
        throw config.bad(
            RankSettings.REFERENCES,
            "'auto' or reference .properties files / model folders with training.json "
                + "(no such path: "
                + p
                + ")");
      }
    }
    return out;
  }

  /** {name, folder} of represent.models (or model.path), without loading anything. */
  private static List<String[]> models(LinguaConfig config) {
    List<String[]> out = new ArrayList<>();
    List<String> entries = config.get(RepresentSettings.MODELS);
    String modelPath = config.get(ModelSettings.PATH);
    if (entries.isEmpty() && !modelPath.isBlank()) {
      Path p = Paths.get(modelPath);
      out.add(new String[] {p.getFileName().toString(), p.toString()});
    }
    for (String e : entries) {
      int eq = e.indexOf('=');
      if (eq > 0) {
        out.add(new String[] {e.substring(0, eq).trim(), e.substring(eq + 1).trim()});
      }
    }
    return out;
  }
}
