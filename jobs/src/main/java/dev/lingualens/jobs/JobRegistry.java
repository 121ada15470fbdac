package dev.lingualens.jobs;

import dev.lingualens.common.config.Key;
import dev.lingualens.common.config.KeySource;
import dev.lingualens.jobs.ingest.IngestJob;
import dev.lingualens.jobs.lape.AblationJob;
import dev.lingualens.jobs.lape.LapeJob;
import dev.lingualens.jobs.lape.NeuronCountJob;
import dev.lingualens.jobs.latent.LatentJob;
import dev.lingualens.jobs.mixture.DmiEvalJob;
import dev.lingualens.jobs.mixture.MergeCountsJob;
import dev.lingualens.jobs.mixture.MixtureJob;
import dev.lingualens.jobs.model.ModelSettings;
import dev.lingualens.jobs.rank.RankJob;
import dev.lingualens.jobs.report.ReportJob;
import dev.lingualens.jobs.represent.RepresentJob;
import dev.lingualens.jobs.retrieval.RetrievalJob;
import dev.lingualens.jobs.tokens.TokenStatsJob;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every job lingualens has, in pipeline order (the demo's order). The CLI, the help text, the demo,
 * the configuration keys and the Airflow DAG all come from this list. Also the {@link KeySource}
 * that tells the config layer which keys exist.
 */
public final class JobRegistry implements KeySource {
  private static final List<Job<?, ?>> JOBS =
      List.of(
          new IngestJob(),
          new TokenStatsJob(),
          new NeuronCountJob(),
          new LapeJob(),
          new AblationJob(),
          new RepresentJob(),
          new RankJob(),
          new RetrievalJob(),
          new LatentJob(),
          new MergeCountsJob(),
          new MixtureJob(),
          new DmiEvalJob(),
          new ReportJob());

  public static List<Job<?, ?>> jobs() {
    return JOBS;
  }

  public static Optional<Job<?, ?>> job(String name) {
    return JOBS.stream().filter(j -> j.name().equals(name)).findFirst();
  }

  /** Keys shared by all jobs, then each job's, each key once (model.* is read by several jobs). */
  @Override
  public List<Key<?>> keys() {
    Map<String, Key<?>> keys = new LinkedHashMap<>();
    List<Key<?>> all = new ArrayList<>(CoreSettings.KEYS);
    all.addAll(ModelSettings.KEYS);
    JOBS.forEach(j -> all.addAll(j.keys()));
    for (Key<?> k : all) {
      keys.putIfAbsent(k.name(), k);
    }
    return List.copyOf(keys.values());
  }
}
