package dev.lingualens.common.mixture;

import java.io.Serializable;
import java.util.List;

/**
 * One controlled trial: the true byte shares of the training mixture and each method's estimate.
 *
 * @param relativeEfficiency per category, bytes/token of the trial's tokenizer ÷ bytes/token of a
 *     tokenizer trained on that category alone (the TEE baseline's feature; its estimate needs a
 *     fit over other trials)
 * @param randomGuess an independent uniform-simplex draw (the random baseline)
 */
public record TrialResult(
    int trial,
    List<String> categories,
    double[] truth,
    double[] alpha,
    double[] ours,
    double[] tokenClassification,
    double[] relativeEfficiency,
    double[] randomGuess,
    int merges,
    long trainBytes,
    long estimateBytes,
    MixtureSolution solution)
    implements Serializable {

  public double mse(double[] estimate) {
    return ByteShares.mse(estimate, truth);
  }
}
