package dev.lingualens.common.mixture;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Symbols interned to dense ints so that a pair is one {@code long} key. */
final class SymbolTable {
  private final List<String> names = new ArrayList<>();
  private final Map<String, Integer> ids = new HashMap<>();

  int intern(String symbol) {
    Integer id = ids.get(symbol);
    if (id != null) {
      return id;
    }
    names.add(symbol);
    ids.put(symbol, names.size() - 1);
    return names.size() - 1;
  }

  /** -1 when the symbol has never been seen in the sample nor produced by a merge. */
  int id(String symbol) {
    return ids.getOrDefault(symbol, -1);
  }

  String name(int id) {
    return names.get(id);
  }

  int size() {
    return names.size();
  }

  static long key(int left, int right) {
    return ((long) left << 32) | (right & 0xFFFFFFFFL);
  }

  static int left(long key) {
    return (int) (key >>> 32);
  }

  static int right(long key) {
    return (int) key;
  }

  Merge pair(long key) {
    return new Merge(name(left(key)), name(right(key)));
  }
}
