package dev.lingualens.common.mixture;

import java.util.List;

/** An ordered BPE merge list, what its symbols are, and where it came from (for messages). */
public record MergeList(List<Merge> merges, SymbolKind kind, String source) {
  public MergeList {
    merges = List.copyOf(merges);
  }

  public int size() {
    return merges.size();
  }

  public MergeList withMerges(List<Merge> replaced) {
    return new MergeList(replaced, kind, source);
  }
}
