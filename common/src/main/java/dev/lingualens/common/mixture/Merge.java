package dev.lingualens.common.mixture;

import java.io.Serializable;

/** One BPE merge (or any adjacent symbol pair): {@code left} followed by {@code right}. */
public record Merge(String left, String right) implements Serializable {
  public Merge {
    if (left == null || right == null || left.isEmpty() || right.isEmpty()) {
      throw new IllegalArgumentException(
          "a merge needs two non-empty symbols, got (" + left + ", " + right + ")");
    }
  }

  /** The symbol the merge creates. */
  public String merged() {
    return left + right;
  }

  @Override
  public String toString() {
    return "(" + left + ", " + right + ")";
  }
}
