package dev.lingualens.common.mixture;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rank-ordered BPE encoding of one pretoken: repeatedly merge the adjacent pair with the lowest
 * merge rank, as HF's BPE model does at encoding time. Used to decide which of several merges that
 * make the same token is the one encoding actually reaches, and as an encoding oracle in tests.
 */
public final class RankedMerges {
  private final Map<Merge, Integer> ranks = new HashMap<>();

  public RankedMerges() {}

  public RankedMerges(List<Merge> merges) {
    merges.forEach(this::add);
  }

  /** Appends a merge with the next rank; a merge already present keeps its earlier rank. */
  public void add(Merge merge) {
    ranks.putIfAbsent(merge, ranks.size());
  }

  public int size() {
    return ranks.size();
  }

  /**
   * The base symbols of a token string: one per code point (bytes are code points in the GPT-2
   * alphabet).
   */
  public static List<String> baseSymbols(String token) {
    List<String> out = new ArrayList<>(token.length());
    token.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
    return out;
  }

  public List<String> encode(String word) {
    return encode(baseSymbols(word));
  }

  /** O(len²) per word: pretokens are short, and this is not on the counting path. */
  public List<String> encode(List<String> symbols) {
    List<String> s = new ArrayList<>(symbols);
    while (s.size() > 1) {
      int bestRank = Integer.MAX_VALUE;
      int bestAt = -1;
      for (int i = 0; i + 1 < s.size(); i++) {
        Integer r = ranks.get(new Merge(s.get(i), s.get(i + 1)));
        if (r != null && r < bestRank) {
          bestRank = r;
          bestAt = i;
        }
      }
      if (bestAt < 0) {
        break;
      }
      s.set(bestAt, s.get(bestAt) + s.remove(bestAt + 1));
    }
    return s;
  }
}
