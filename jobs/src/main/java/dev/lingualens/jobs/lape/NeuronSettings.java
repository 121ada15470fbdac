package dev.lingualens.jobs.lape;

import dev.lingualens.common.config.Key;
import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.jobs.model.ModelHandle;
import dev.lingualens.jobs.model.ModelSettings;
import java.io.Serializable;
import java.util.List;

/**
 * The {@code neurons.*} keys (shared by neurons and ablate, which build windows the same way) and
 * the model.
 */
public record NeuronSettings(
    ModelHandle model,
    List<String> languages,
    String corpus,
    int window,
    boolean eosSeparator,
    long maxTokensPerLang,
    HeldOutRule heldOut,
    boolean powerSums,
    int shardWindows)
    implements Serializable {
  public static final Key<List<String>> LANGUAGES =
      Key.list(
          "neurons.languages",
          "",
          "ISO 639-3 languages to count; empty = every language in documents");
  public static final Key<String> CORPUS =
      Key.text("neurons.corpus", "", "only documents of this corpus (empty = all corpora)");
  public static final Key<Integer> WINDOW =
      Key.integer(
              "neurons.window",
              "0",
              0,
              "window length in tokens; 0 = the model's context (max_position_embeddings)")
          .where(w -> w == 0 || w >= 2, "0 (the model's context) or an integer ≥ 2");
  public static final Key<String> SEPARATOR =
      Key.choice(
          "neurons.separator",
          "eos",
          "between documents in a language's id stream: eos (the model's EOS id) or none",
          "eos",
          "none");
  public static final Key<Long> MAX_TOKENS_PER_LANG =
      Key.longInt(
          "neurons.max-tokens-per-lang",
          "0",
          0,
          "cap on counted tokens per language (the paper: 99,999,744); 0 = no cap");
  public static final Key<String> HELDOUT =
      Key.text(
          "neurons.heldout",
          "hash:10",
          "held-out documents (for ablation, never counted): hash:<percent> of align_id (else id), or regex:<align_id pattern>");
  public static final Key<Boolean> POWER_SUMS =
      Key.flag(
          "neurons.power-sums",
          "false",
          "also accumulate the power sums Σa, Σa², Σa³, Σa⁴ per neuron (activation statistics)");
  public static final Key<Integer> SHARD_WINDOWS =
      Key.integer(
          "neurons.shard-windows",
          "256",
          1,
          "windows per shard: the unit of work (one task) and of resumption; re-running a run id skips finished shards");
  public static final List<Key<?>> OWN_KEYS =
      List.of(
          LANGUAGES,
          CORPUS,
          WINDOW,
          SEPARATOR,
          MAX_TOKENS_PER_LANG,
          HELDOUT,
          POWER_SUMS,
          SHARD_WINDOWS);
  public static final List<Key<?>> KEYS = Key.concat(ModelSettings.KEYS, OWN_KEYS);

  public static NeuronSettings from(LinguaConfig c) {
    return new NeuronSettings(
        ModelHandle.fromConfig(c),
        c.get(LANGUAGES),
        c.get(CORPUS),
        c.get(WINDOW),
        c.get(SEPARATOR).equals("eos"),
        c.get(MAX_TOKENS_PER_LANG),
        HeldOutRule.parse(c.get(HELDOUT)),
        c.get(POWER_SUMS),
        c.get(SHARD_WINDOWS));
  }
}
