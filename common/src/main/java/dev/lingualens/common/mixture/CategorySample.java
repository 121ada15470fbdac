package dev.lingualens.common.mixture;

import java.io.Serializable;
import java.util.List;

/**
 * One category of a controlled experiment: texts a tokenizer is trained on and disjoint texts the
 * attack estimates pair counts from (the paper's "same distribution, different text").
 */
public record CategorySample(String name, List<String> trainTexts, List<String> estimateTexts)
    implements Serializable {
  public CategorySample {
    if (trainTexts.isEmpty() || estimateTexts.isEmpty()) {
      throw new IllegalArgumentException(
          "category '"
              + name
              + "' needs both training texts and estimation texts (got "
              + trainTexts.size()
              + " and "
              + estimateTexts.size()
              + ")");
    }
    trainTexts = List.copyOf(trainTexts);
    estimateTexts = List.copyOf(estimateTexts);
  }
}
