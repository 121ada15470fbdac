package dev.lingualens.common.mixture;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One trial of the paper's controlled protocol (methods.md 3.6): train a byte-level BPE tokenizer
 * on a known byte mixture of categories, then infer the mixture from disjoint samples of the same
 * categories with the merge replay + LP, next to the token-classification and encoding-efficiency
 * baselines.
 */
public final class ControlledTrial {
  private final PreTokenization pre = PreTokenization.gpt2WithDigitRuns();
  private final int merges;
  private final long trainBytes;
  private final LazyMixtureSolver.Options options;

  /**
   * Tokenizers trained on one category alone (for TEE), shared by the trials that draw that
   * category.
   */
  private final Map<String, List<Merge>> monolingual;

  public ControlledTrial(
      int merges,
      long trainBytes,
      LazyMixtureSolver.Options options,
      Map<String, List<Merge>> monolingualCache) {
    if (merges < 1 || trainBytes < 1) {
      throw new IllegalArgumentException(
          "a controlled trial needs merges ≥ 1 and training bytes ≥ 1, got merges="
              + merges
              + " trainBytes="
              + trainBytes);
    }
    this.merges = merges;
    this.trainBytes = trainBytes;
    this.options = options;
    this.monolingual = monolingualCache;
  }

  public TrialResult run(int trial, List<CategorySample> categories, double[] weights, Random rng) {
    int n = categories.size();
    WordCounter training = new WordCounter(pre);
    double[] truth = new double[n];
    long total = 0;
    for (int i = 0; i < n; i++) {
      long quota = Math.round(weights[i] * trainBytes);
      truth[i] = MixtureSampler.addBytes(categories.get(i).trainTexts(), quota, training);
      total += (long) truth[i];
    }
    for (int i = 0; i < n; i++) {
      truth[i] /= total; // the shares actually written (quotas are rounded, cuts fall on character
      // boundaries)
    }
    List<Merge> learned = BpeTrainer.train(training.counts(), merges, 1);

    List<PairCountHistory> histories = new ArrayList<>();
    List<WordCounter> estimates = new ArrayList<>();
    long estimateBytes = 0;
    for (CategorySample c : categories) {
      WordCounter counter = new WordCounter(pre);
      c.estimateTexts().forEach(counter::add);
      estimates.add(counter);
      estimateBytes += counter.bytes();
      histories.add(
          MergeReplay.replay(
              c.name(), counter.counts(), counter.bytes(), learned, 0, learned.size()));
    }
    MixtureSolution solution =
        LazyMixtureSolver.solve(new MixtureProblem(histories, learned), options);

    double[] tc = tokenClassification(learned, estimates);
    double[] efficiency = relativeEfficiency(learned, categories, estimates);
    double[] random = MixtureSampler.simplexWeights(n, rng);
    List<String> names = categories.stream().map(CategorySample::name).toList();
    return new TrialResult(
        trial,
        names,
        truth,
        solution.alpha(),
        solution.beta(),
        tc,
        efficiency,
        random,
        learned.size(),
        total,
        estimateBytes,
        solution);
  }

  /**
   * TC baseline: each learned token goes to the category where it is most frequent (per byte of
   * sample, so sample sizes do not decide), and a category's share is its share of the tokens.
   */
  static double[] tokenClassification(List<Merge> learned, List<WordCounter> samples) {
    int n = samples.size();
    RankedMerges ranks = new RankedMerges(learned);
    List<Map<String, Double>> perByte = new ArrayList<>();
    for (WordCounter s : samples) {
      Map<String, Double> freq = new HashMap<>();
      for (Map.Entry<String, Long> e : s.counts().entrySet()) {
        for (String token : ranks.encode(e.getKey())) {
          freq.merge(token, e.getValue() / (double) s.bytes(), Double::sum);
        }
      }
      perByte.add(freq);
    }
    double[] share = new double[n];
    int assigned = 0;
    for (Merge m : learned) {
      String token = m.merged();
      int best = -1;
      double bestFreq = 0;
      for (int i = 0; i < n; i++) {
        double f = perByte.get(i).getOrDefault(token, 0.0);
        if (f > bestFreq) {
          bestFreq = f;
          best = i;
        }
      }
      if (best >= 0) {
        share[best]++;
        assigned++;
      }
    }
    for (int i = 0; i < n; i++) {
      share[i] = assigned == 0 ? 1.0 / n : share[i] / assigned;
    }
    return share;
  }

  /**
   * Bytes per token on each category's sample, relative to a tokenizer of the same size trained on
   * that category alone.
   */
  private double[] relativeEfficiency(
      List<Merge> learned, List<CategorySample> categories, List<WordCounter> samples) {
    double[] out = new double[categories.size()];
    for (int i = 0; i < out.length; i++) {
      CategorySample c = categories.get(i);
      List<Merge> own;
      synchronized (monolingual) {
        own = monolingual.get(c.name());
      }
      if (own == null) {
        WordCounter alone = new WordCounter(pre);
        c.trainTexts().forEach(alone::add);
        own = BpeTrainer.train(alone.counts(), merges, 1);
        synchronized (monolingual) {
          monolingual.put(c.name(), own);
        }
      }
      out[i] = bytesPerToken(learned, samples.get(i)) / bytesPerToken(own, samples.get(i));
    }
    return out;
  }

  static double bytesPerToken(List<Merge> merges, WordCounter sample) {
    RankedMerges ranks = new RankedMerges(merges);
    long tokens = 0;
    for (Map.Entry<String, Long> e : sample.counts().entrySet()) {
      tokens += ranks.encode(e.getKey()).size() * e.getValue();
    }
    return sample.bytes() / (double) tokens;
  }
}
