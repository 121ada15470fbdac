package dev.lingualens.common.mixture;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Removes merges that were never "the most frequent pair" of a training run, since each would add
 * fake constraints to the LP (methods.md 3.8, 3.11):
 *
 * <ul>
 *   <li>Redundant merges of converted lists: SentencePiece conversions (and the Llama 3 file) list
 *       every split of a token ({@code ▁ the}, {@code ▁t he}, {@code ▁th e}). Per token we keep the
 *       merge that rank-ordered encoding with the merges kept so far actually reaches (encoding the
 *       token yields exactly its two parts); the others are dropped, as are merges whose token
 *       encoding cannot reach at all.
 *   <li>Hand-inserted whitespace merges (Gemma): merges made only of {@code \n}, {@code \t}, {@code
 *       ▁} or space were inserted, not learned.
 * </ul>
 */
public final class MergeListCleaner {
  /** What cleaning did, for the run record and the solver trace. */
  public record Report(
      int input,
      int whitespaceDropped,
      int alternativeSplitsDropped,
      int unreachableDropped,
      int duplicatesDropped,
      int output)
      implements java.io.Serializable {}

  public record Result(MergeList merges, Report report) {}

  private MergeListCleaner() {}

  public static Result clean(MergeList list, boolean dropWhitespaceMerges, boolean dropRedundant) {
    List<Merge> kept = new ArrayList<>(list.size());
    int whitespace = 0;
    for (Merge m : list.merges()) {
      if (dropWhitespaceMerges && isWhitespaceOnly(m.merged())) {
        whitespace++;
      } else {
        kept.add(m);
      }
    }
    if (!dropRedundant) {
      return new Result(
          list.withMerges(kept), new Report(list.size(), whitespace, 0, 0, 0, kept.size()));
    }
    RankedMerges ranks = new RankedMerges();
    Set<String> produced = new HashSet<>();
    List<Merge> out = new ArrayList<>(kept.size());
    int alternative = 0;
    int unreachable = 0;
    int duplicate = 0;
    for (Merge m : kept) {
      String token = m.merged();
      if (produced.contains(token)) {
        duplicate++;
        continue;
      }
      List<String> parts = ranks.encode(token);
      if (parts.size() == 2 && parts.get(0).equals(m.left())) {
        ranks.add(m);
        produced.add(token);
        out.add(m);
      } else if (parts.size() == 2) {
        alternative++; // the split encoding reaches is listed elsewhere in the token's cluster
      } else {
        unreachable++;
      }
    }
    return new Result(
        list.withMerges(out),
        new Report(list.size(), whitespace, alternative, unreachable, duplicate, out.size()));
  }

  /**
   * Whitespace-only lists are what Gemma inserted by hand; true when every symbol is \n, \t, ▁ or
   * space.
   */
  static boolean isWhitespaceOnly(String token) {
    return token.chars().allMatch(c -> c == '\n' || c == '\t' || c == '\u2581' || c == ' ');
  }

  /** Gemma-style lists open with whitespace merges; used for the {@code auto} setting. */
  public static boolean startsWithWhitespaceMerge(MergeList list) {
    return list.kind() == SymbolKind.CHARACTER
        && !list.merges().isEmpty()
        && isWhitespaceOnly(list.merges().get(0).merged());
  }
}
