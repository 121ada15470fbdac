package dev.lingualens.common.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lingualens.common.mixture.ByteAlphabet;
import dev.lingualens.common.mixture.Merge;
import dev.lingualens.common.mixture.MergeListReader;
import dev.lingualens.common.mixture.TokenizerJson;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * The BPE model of a byte-level {@code tokenizer.json}, in Java: the ids the Rust library gives one
 * pretoken, without a JNI round trip and an {@code Encoding} per batch. On the token-stats path
 * every pretoken not seen before (360 k of the 9.8 M in the 50 MB benchmark corpus) and every new
 * word goes through here, a few bytes each, where the native call's fixed costs outweigh the
 * merging.
 *
 * <p>Follows the Rust model ({@code tokenizers/src/models/bpe}): the pretoken's UTF-8 bytes in the
 * GPT-2 alphabet are the symbols; the adjacent pair of lowest merge rank is merged first, the
 * leftmost among equals (what its min-heap of (rank, position) pops); a merge listed twice keeps
 * its last rank (the Rust builder collects the list into a hash map); with {@code ignore_merges} a
 * pretoken that is itself in the vocabulary is that one token. Files this does not model (a
 * continuing-subword prefix, an end-of-word suffix, dropout) get no instance, and a pretoken with a
 * byte the vocabulary lacks gets {@code null} so that the caller asks the native library.
 */
public final class ByteLevelBpe {
  // Kept only with ignore_merges, the one rule that looks a whole pretoken up.
  private final Map<String, Integer> wholeTokens;
  // Vocabulary id of each byte's character, -1 where the vocabulary lacks it.
  private final int[] byteIds = new int[256];
  private final PairTable merges;

  private ByteLevelBpe(Map<String, Integer> vocab, boolean ignoreMerges, PairTable merges) {
    this.wholeTokens = ignoreMerges ? vocab : null;
    this.merges = merges;
    for (int b = 0; b < 256; b++) {
      byteIds[b] = vocab.getOrDefault(String.valueOf(ByteAlphabet.charOf(b)), -1);
    }
  }

  /** The model of a byte-level BPE file, or empty when it uses an option this class lacks. */
  public static Optional<ByteLevelBpe> of(TokenizerJson json) {
    JsonNode model = json.model();
    if (!model.path("vocab").isObject()
        || !textOrEmpty(model, "continuing_subword_prefix").isEmpty()
        || !textOrEmpty(model, "end_of_word_suffix").isEmpty()
        || model.path("dropout").asDouble(0) > 0) {
      return Optional.empty();
    }
    Map<String, Integer> vocab = new HashMap<>(model.path("vocab").size() * 2);
    for (Iterator<Map.Entry<String, JsonNode>> it = model.path("vocab").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      vocab.put(e.getKey(), e.getValue().asInt());
    }
    var list = MergeListReader.read(json).merges();
    PairTable merges = new PairTable(list.size());
    for (int rank = 0; rank < list.size(); rank++) {
      Merge m = list.get(rank);
      Integer left = vocab.get(m.left());
      Integer right = vocab.get(m.right());
      Integer merged = vocab.get(m.merged());
      if (left == null || right == null || merged == null) {
        // The Rust library refuses such a file when it loads it, with its own message.
        return Optional.empty();
      }
      merges.put(left, right, rank, merged);
    }
    return Optional.of(
        new ByteLevelBpe(vocab, model.path("ignore_merges").asBoolean(false), merges));
  }

  private static String textOrEmpty(JsonNode model, String field) {
    JsonNode n = model.path(field);
    return n.isTextual() ? n.asText() : "";
  }

  /**
   * The ids of one pretoken (text as it appears after normalisation, before the byte mapping), or
   * {@code null} when one of its bytes is not in the vocabulary.
   */
  public int[] encode(String pretoken) {
    if (pretoken.isEmpty()) {
      return new int[0];
    }
    if (wholeTokens != null) {
      Integer whole = wholeTokens.get(ByteAlphabet.encode(pretoken));
      if (whole != null) {
        return new int[] {whole};
      }
    }
    byte[] bytes = pretoken.getBytes(StandardCharsets.UTF_8);
    int[] ids = new int[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      int id = byteIds[bytes[i] & 0xFF];
      if (id < 0) {
        return null;
      }
      ids[i] = id;
    }
    return mergeAll(ids);
  }

  /**
   * Pieces up to this many bytes rescan their pairs after each merge (cheaper than a heap for the
   * few bytes of a typical pretoken); longer ones, such as a clause of Han characters, which is one
   * pretoken, use the heap.
   */
  static final int SCAN_MAX_BYTES = 24;

  private int[] mergeAll(int[] ids) {
    return ids.length <= SCAN_MAX_BYTES ? mergeByScan(ids) : mergeByHeap(ids);
  }

  /**
   * {@code pair[i]} is the merge value of (ids[i], ids[i + 1]) among the {@code n} live symbols:
   * each merge rescans the values and looks up the two pairs it changes.
   */
  private int[] mergeByScan(int[] ids) {
    int n = ids.length;
    if (n < 2) {
      return ids;
    }
    long[] pair = new long[n - 1];
    for (int i = 0; i + 1 < n; i++) {
      pair[i] = merges.get(ids[i], ids[i + 1]);
    }
    while (n > 1) {
      int best = -1;
      long bestValue = PairTable.ABSENT;
      for (int i = 0; i + 1 < n; i++) {
        // Values order by rank (the high half): the first minimum is the leftmost.
        if (pair[i] < bestValue) {
          bestValue = pair[i];
          best = i;
        }
      }
      if (best < 0) {
        break;
      }
      ids[best] = PairTable.mergedId(bestValue);
      System.arraycopy(ids, best + 2, ids, best + 1, n - best - 2);
      System.arraycopy(pair, best + 1, pair, best, n - best - 2);
      n--;
      if (best > 0) {
        pair[best - 1] = merges.get(ids[best - 1], ids[best]);
      }
      if (best + 1 < n) {
        pair[best] = merges.get(ids[best], ids[best + 1]);
      }
    }
    return n == ids.length ? ids : Arrays.copyOf(ids, n);
  }

  /**
   * The Rust model's own procedure: a min-heap of (rank, position) over linked symbols; an entry
   * whose pair has since changed is skipped when it comes up. A removed symbol's id becomes -1.
   */
  private int[] mergeByHeap(int[] ids) {
    int n = ids.length;
    int[] next = new int[n];
    int[] prev = new int[n];
    for (int i = 0; i < n; i++) {
      next[i] = i + 1 < n ? i + 1 : -1;
      prev[i] = i - 1;
    }
    // At most n - 1 entries at the start and two per merge.
    MinHeap heap = new MinHeap(3 * n);
    for (int i = 0; i + 1 < n; i++) {
      heap.offer(merges.get(ids[i], ids[i + 1]), i);
    }
    int live = n;
    while (!heap.isEmpty()) {
      long top = heap.poll();
      int pos = (int) top;
      int right = ids[pos] < 0 ? -1 : next[pos];
      long value = right < 0 ? PairTable.ABSENT : merges.get(ids[pos], ids[right]);
      if (value == PairTable.ABSENT || PairTable.rank(value) != (int) (top >>> 32)) {
        continue;
      }
      ids[pos] = PairTable.mergedId(value);
      ids[right] = -1;
      live--;
      next[pos] = next[right];
      if (next[pos] >= 0) {
        prev[next[pos]] = pos;
        heap.offer(merges.get(ids[pos], ids[next[pos]]), pos);
      }
      if (prev[pos] >= 0) {
        heap.offer(merges.get(ids[prev[pos]], ids[pos]), prev[pos]);
      }
    }
    int[] out = new int[live];
    for (int i = 0, k = 0; i < n; i++) {
      if (ids[i] >= 0) {
        out[k++] = ids[i];
      }
    }
    return out;
  }

  /** Binary min-heap of (rank, position) packed into longs: rank high, so ties go leftmost. */
  private static final class MinHeap {
    private final long[] items;
    private int size;

    MinHeap(int capacity) {
      items = new long[capacity];
    }

    boolean isEmpty() {
      return size == 0;
    }

    /** Adds the pair at {@code pos} when its merge value is a merge. */
    void offer(long mergeValue, int pos) {
      if (mergeValue == PairTable.ABSENT) {
        return;
      }
      long item = ((long) PairTable.rank(mergeValue) << 32) | pos;
      int i = size++;
      while (i > 0 && items[(i - 1) >>> 1] > item) {
        items[i] = items[(i - 1) >>> 1];
        i = (i - 1) >>> 1;
      }
      items[i] = item;
    }

    long poll() {
      long top = items[0];
      long last = items[--size];
      int i = 0;
      while (true) {
        int child = 2 * i + 1;
        if (child >= size) {
          break;
        }
        if (child + 1 < size && items[child + 1] < items[child]) {
          child++;
        }
        if (items[child] >= last) {
          break;
        }
        items[i] = items[child];
        i = child;
      }
      if (size > 0) {
        items[i] = last;
      }
      return top;
    }
  }

  /**
   * (left id, right id) → (rank, merged id), open addressing over two long arrays: a merge table of
   * 200 k entries without a boxed key or value per entry.
   */
  static final class PairTable {
    /** What {@link #get} returns for a pair that is no merge: above every real value. */
    static final long ABSENT = Long.MAX_VALUE;

    private static final long EMPTY = -1L;
    private final long[] keys;
    private final long[] values;
    private final int mask;

    PairTable(int expected) {
      int capacity = Integer.highestOneBit(Math.max(4, expected) * 2 - 1) << 1;
      keys = new long[capacity];
      values = new long[capacity];
      Arrays.fill(keys, EMPTY);
      mask = capacity - 1;
    }

    private static long key(int left, int right) {
      return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }

    private int slot(long key) {
      long h = key * 0x9E3779B97F4A7C15L;
      return (int) (h >>> 32) & mask;
    }

    /** Sets the pair's rank and merged id; a later put of the same pair replaces the earlier. */
    void put(int left, int right, int rank, int mergedId) {
      long key = key(left, right);
      int i = slot(key);
      while (keys[i] != EMPTY && keys[i] != key) {
        i = (i + 1) & mask;
      }
      keys[i] = key;
      values[i] = ((long) rank << 32) | (mergedId & 0xFFFFFFFFL);
    }

    /** The pair's (rank, merged id) packed with the rank high, or {@link #ABSENT}. */
    long get(int left, int right) {
      long key = key(left, right);
      for (int i = slot(key); ; i = (i + 1) & mask) {
        long k = keys[i];
        if (k == key) {
          return values[i];
        }
        if (k == EMPTY) {
          return ABSENT;
        }
      }
    }

    static int mergedId(long value) {
      return (int) value;
    }

    static int rank(long value) {
      return (int) (value >>> 32);
    }
  }
}
