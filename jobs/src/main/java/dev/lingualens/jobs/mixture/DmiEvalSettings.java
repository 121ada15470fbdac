package dev.lingualens.jobs.mixture;

import dev.lingualens.common.config.Key;
import dev.lingualens.common.config.LinguaConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code dmieval.*} keys of the controlled experiments (methods.md 3.6). Documents of each
 * category are split by hashed id into a training half and a disjoint estimation half.
 */
record DmiEvalSettings(
    MixtureSettings mixture,
    String mixtureType,
    List<Integer> ns,
    int trials,
    int merges,
    long trainBytes,
    long seed) {
  static final Key<String> MIXTURE_TYPE =
      Key.text(
          "dmieval.mixture-type", "languages", "label of the category pool in the output tables");
  static final Key<List<String>> N =
      Key.list("dmieval.n", "5", "categories per trial (comma-separated list of n)");
  static final Key<Integer> TRIALS = Key.integer("dmieval.trials", "5", 2, "trials per n");
  static final Key<Integer> MERGES =
      Key.integer("dmieval.merges", "300", 1, "merges of each trained tokenizer");
  static final Key<Long> TRAIN_BYTES =
      Key.longInt("dmieval.train-bytes", "400000", 1, "training bytes per tokenizer");
  static final Key<Long> SEED = Key.longInt("dmieval.seed", "1", Long.MIN_VALUE, "random seed");
  static final List<Key<?>> KEYS = List.of(MIXTURE_TYPE, N, TRIALS, MERGES, TRAIN_BYTES, SEED);

  static DmiEvalSettings from(LinguaConfig c) {
    List<Integer> ns = new ArrayList<>();
    for (String v : c.get(N)) {
      try {
        ns.add(Integer.parseInt(v));
      } catch (NumberFormatException e) {
        throw c.bad(N, "comma-separated integers ≥ 2");
      }
    }
    return new DmiEvalSettings(
        MixtureSettings.from(c),
        c.get(MIXTURE_TYPE),
        ns,
        c.get(TRIALS),
        c.get(MERGES),
        c.get(TRAIN_BYTES),
        c.get(SEED));
  }
}
