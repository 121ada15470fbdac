package dev.lingualens.jobs.mixture;

import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.jobs.tokens.TokenizerSpec;
import java.util.List;

/** merge-counts reads the mixture keys and resolves the tokenizer files on the driver. */
record MergeCountsSettings(MixtureSettings mixture, List<TokenizerSpec> tokenizers) {
  static MergeCountsSettings from(LinguaConfig c) {
    return new MergeCountsSettings(
        MixtureSettings.from(c), TokenizerSpec.fromConfig(c, MixtureSettings.TOKENIZERS));
  }
}
