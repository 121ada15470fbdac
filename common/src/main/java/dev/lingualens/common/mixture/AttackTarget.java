package dev.lingualens.common.mixture;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;

/**
 * What the attack needs from one tokenizer: its pre-tokenisation, its cleaned merge list, and which
 * part of it is attacked (merges offset+1 .. offset+T; the first {@code offset} are replayed but
 * not attacked).
 */
public record AttackTarget(
    String name,
    PreTokenization preTokenization,
    List<Merge> merges,
    int offset,
    int steps,
    MergeListCleaner.Report cleaning)
    implements Serializable {

  public enum Whitespace {
    AUTO,
    DROP,
    KEEP
  }

  public static AttackTarget load(
      String name,
      Path tokenizerJson,
      int offset,
      int maxSteps,
      boolean dropRedundant,
      Whitespace whitespace) {
    TokenizerJson json = TokenizerJson.read(tokenizerJson);
    MergeList list = MergeListReader.read(json);
    boolean dropWhitespace =
        whitespace == Whitespace.DROP
            || (whitespace == Whitespace.AUTO && MergeListCleaner.startsWithWhitespaceMerge(list));
    MergeListCleaner.Result cleaned = MergeListCleaner.clean(list, dropWhitespace, dropRedundant);
    List<Merge> merges = cleaned.merges().merges();
    if (offset < 0 || offset >= merges.size()) {
      throw new IllegalArgumentException(
          "merge offset "
              + offset
              + " for tokenizer "
              + name
              + " is outside 0.."
              + (merges.size() - 1)
              + " (its cleaned merge list has "
              + merges.size()
              + " merges)");
    }
    if (maxSteps < 1) {
      throw new IllegalArgumentException(
          "the number of attacked merges must be ≥ 1, got " + maxSteps);
    }
    int steps = Math.min(maxSteps, merges.size() - offset);
    return new AttackTarget(
        name,
        PreTokenization.from(json),
        List.copyOf(merges.subList(0, offset + steps)),
        offset,
        steps,
        cleaned.report());
  }

  /** m(1..T). */
  public List<Merge> attacked() {
    return merges.subList(offset, offset + steps);
  }

  public PairCountHistory replay(String category, java.util.Map<String, Long> words, long bytes) {
    return MergeReplay.replay(category, words, bytes, merges, offset, steps);
  }
}
