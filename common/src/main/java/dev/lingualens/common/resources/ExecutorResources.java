package dev.lingualens.common.resources;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one owner of what an executor JVM keeps between tasks: loaded models, native tokenizers, ONNX
 * sessions and caches. Each is held under a key with its size in bytes, handed out as a {@link
 * Lease} (reference counted, {@link AutoCloseable}), and closed when evicted or at shutdown.
 * Modelled on Apache Beam RunInference's model manager (a keyed, size-bounded set of loaded models
 * shared by the bundles of a worker) and DJL's NDManager (whoever opens a resource owns its
 * closing).
 *
 * <p>Budget: the entries resident together may take at most {@link #budget()} bytes. Loading an
 * entry that does not fit first closes idle entries (no lease open), least recently used first. An
 * entry in use by a running task is never closed under it: a thread that holds nothing waits (at
 * most {@link #MAX_WAIT_MS}) for leases to be returned rather than exceed the budget; a thread that
 * already holds a lease, or an entry bigger than the whole budget when nothing else is resident, is
 * admitted over the budget (with a warning) rather than deadlock or fail. The budget comes from, in
 * this order: {@link #configure(long)} (the executor plugin, from the Spark conf {@value
 * #SPARK_CONF}), the system property {@value #PROPERTY}, else {@link #DEFAULT_BUDGET} (8 GiB: one
 * 7B model in 16 bits is larger, so two such models are never kept together; tokenizers and small
 * models share it freely). It does not depend on any job's configuration.
 */
public final class ExecutorResources implements AutoCloseable {
  /**
   * The Spark conf key the executor plugin reads (also a lingualens key: {@code
   * executor.resource-bytes}).
   */
  public static final String SPARK_CONF = "spark.lingualens.executor.resource-bytes";

  /** The JVM system property read when nothing configured the budget. */
  public static final String PROPERTY = "lingualens.executor.resource-bytes";

  public static final long DEFAULT_BUDGET = 8L << 30;
  static final long MAX_WAIT_MS = 5 * 60_000L;

  private static final Logger LOG = LoggerFactory.getLogger(ExecutorResources.class);
  private static final ExecutorResources SHARED = new ExecutorResources(budgetFromProperty());
  private static final ThreadLocal<int[]> HELD = ThreadLocal.withInitial(() -> new int[1]);

  static {
    // Backstop for plain JVMs (tests, the driver): executors close through the plugin's shutdown
    // first.
    Runtime.getRuntime()
        .addShutdownHook(new Thread(SHARED::close, "lingualens-executor-resources"));
  }

  private final Map<String, Entry<?>> entries = new LinkedHashMap<>();
  private final AtomicLong loads = new AtomicLong();
  private final AtomicLong evictions = new AtomicLong();
  private long budget;
  private long used;
  private long tick;

  public ExecutorResources(long budget) {
    this.budget = positive(budget);
  }

  /** The instance of this JVM, shared by every task that runs in it. */
  public static ExecutorResources shared() {
    return SHARED;
  }

  /**
   * Sets the budget of this JVM's instance (the executor plugin calls it with the Spark conf's
   * value).
   */
  public static void configure(long budget) {
    SHARED.budget(budget);
  }

  static long budgetFromProperty() {
    String v = System.getProperty(PROPERTY);
    return v == null || v.isBlank() ? DEFAULT_BUDGET : parseBytes(v, PROPERTY);
  }

  /**
   * A byte count: digits with optional underscores and an optional k, m, g or t suffix (powers of
   * 1024).
   */
  public static long parseBytes(String value, String where) {
    String v = value.trim().toLowerCase(java.util.Locale.ROOT).replace("_", "");
    long unit = 1;
    if (!v.isEmpty() && "kmgt".indexOf(v.charAt(v.length() - 1)) >= 0) {
      unit = 1L << (10 * ("kmgt".indexOf(v.charAt(v.length() - 1)) + 1));
      v = v.substring(0, v.length() - 1);
    } else if (v.endsWith("b")) {
      v = v.substring(0, v.length() - 1);
    }
    try {
      return positive(Math.multiplyExact(Long.parseLong(v), unit));
    } catch (IllegalArgumentException | ArithmeticException e) { // NumberFormatException included
      throw new IllegalArgumentException(
          "Bad byte count '"
              + value
              + "' for "
              + where
              + ": expected a positive integer, optionally with k, m, g or t (e.g. 8g)");
    }
  }

  private static long positive(long budget) {
    if (budget <= 0) {
      throw new IllegalArgumentException("a resource budget must be positive, got " + budget);
    }
    return budget;
  }

  public synchronized void budget(long bytes) {
    budget = positive(bytes);
    notifyAll();
  }

  public synchronized long budget() {
    return budget;
  }

  /** Bytes of the entries resident now (loaded or loading). */
  public synchronized long usedBytes() {
    return used;
  }

  public synchronized boolean holds(String key) {
    return entries.containsKey(key);
  }

  /** Loads performed by this instance since it was made. */
  public long loads() {
    return loads.get();
  }

  /** Entries closed to make room, since this instance was made. */
  public long evictions() {
    return evictions.get();
  }

  /**
   * The entry under {@code key}, loaded with {@code open} when absent. {@code bytes} is its size,
   * known before loading; {@code close} releases it (on eviction or shutdown). The lease must be
   * closed when the caller is done with it (try-with-resources, or a task completion listener):
   * until then it is not evicted.
   */
  public <T> Lease<T> acquire(
      String key, long bytes, Supplier<? extends T> open, Consumer<? super T> close) {
    Objects.requireNonNull(key, "key");
    int[] held = HELD.get();
    List<Entry<?>> toClose = new ArrayList<>();
    Entry<T> mine;
    List<String> evictedHere = new ArrayList<>();
    synchronized (this) {
      long deadline = System.currentTimeMillis() + MAX_WAIT_MS;
      while (true) {
        @SuppressWarnings("unchecked")
        Entry<T> e = (Entry<T>) entries.get(key);
        if (e != null) {
          if (e.loading) { // another task is loading it: wait for that load, however long it takes
            waitQuietly(System.currentTimeMillis() + 1000);
            continue;
          }
          e.refs++;
          e.lastUsed = ++tick;
          held[0]++;
          return new Lease<>(this, e, held, false, List.of());
        }
        evictIdle(bytes, toClose, evictedHere);
        boolean fits = used + bytes <= budget;
        boolean alone = entries.isEmpty();
        boolean waitedOut = System.currentTimeMillis() >= deadline;
        if (fits || alone || held[0] > 0 || waitedOut) {
          if (!fits) {
            LOG.warn(
                "Loading {} ({} bytes) over the executor resource budget of {} bytes ({} in use{})",
                key,
                bytes,
                budget,
                used,
                alone
                    ? ", nothing else resident"
                    : held[0] > 0 ? " by this task too" : ", waited out");
          }
          mine = new Entry<>(key, bytes, close);
          entries.put(key, mine);
          used += bytes;
          mine.refs = 1;
          mine.lastUsed = ++tick;
          break;
        }
        closeAll(
            toClose); // close what was evicted now, then wait for another task to return a lease
        toClose.clear();
        waitQuietly(deadline);
      }
    }
    closeAll(toClose);
    T value;
    try {
      value = open.get();
    } catch (RuntimeException | Error failure) {
      synchronized (this) {
        entries.remove(key);
        used -= bytes;
        notifyAll();
      }
      throw failure;
    }
    synchronized (this) {
      mine.value = value;
      mine.loading = false;
      loads.incrementAndGet();
      held[0]++;
      notifyAll();
    }
    LOG.info("Loaded {} ({} bytes; {} of {} bytes resident)", key, bytes, usedBytes(), budget());
    return new Lease<>(this, mine, held, true, evictedHere);
  }

  /**
   * Takes idle entries out, least recently used first, until {@code bytes} more fit; names them in
   * {@code keys}.
   */
  private void evictIdle(long bytes, List<Entry<?>> toClose, List<String> keys) {
    while (used + bytes > budget) {
      Entry<?> lru =
          entries.values().stream()
              .filter(x -> x.refs == 0 && !x.loading)
              .min(Comparator.comparingLong(x -> x.lastUsed))
              .orElse(null);
      if (lru == null) {
        break;
      }
      entries.remove(lru.key);
      used -= lru.bytes;
      toClose.add(lru);
      evictions.incrementAndGet();
      keys.add(lru.key);
      LOG.info("Evicting {} ({} bytes) to make room for {} bytes", lru.key, lru.bytes, bytes);
    }
  }

  private void waitQuietly(long deadline) {
    long left = deadline - System.currentTimeMillis();
    if (left <= 0) {
      return;
    }
    try {
      wait(left);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for executor resources", e);
    }
  }

  synchronized void release(Entry<?> e) {
    e.refs--;
    e.lastUsed = ++tick;
    notifyAll();
  }

  /**
   * Closes every idle entry now (e.g. between jobs); entries in use stay. Returns how many were
   * closed.
   */
  public int evictIdle() {
    List<Entry<?>> toClose = new ArrayList<>();
    synchronized (this) {
      for (Entry<?> e : List.copyOf(entries.values())) {
        if (e.refs == 0 && !e.loading) {
          entries.remove(e.key);
          used -= e.bytes;
          toClose.add(e);
        }
      }
    }
    closeAll(toClose);
    return toClose.size();
  }

  /**
   * Closes everything (executor shutdown): no task runs any more, so leases still open do not hold
   * it back.
   */
  @Override
  public void close() {
    List<Entry<?>> toClose;
    synchronized (this) {
      toClose = new ArrayList<>(entries.values());
      toClose.removeIf(e -> e.loading);
      toClose.forEach(e -> entries.remove(e.key));
      toClose.forEach(e -> used -= e.bytes);
      notifyAll();
    }
    closeAll(toClose);
  }

  private static void closeAll(List<Entry<?>> list) {
    for (Entry<?> e : list) {
      try {
        e.closeValue();
      } catch (RuntimeException ex) {
        LOG.warn("Closing {} failed: {}", e.key, ex.toString());
      }
    }
  }

  static final class Entry<T> {
    final String key;
    final long bytes;
    final Consumer<? super T> close;
    T value;
    boolean loading = true;
    int refs;
    long lastUsed;

    Entry(String key, long bytes, Consumer<? super T> close) {
      this.key = key;
      this.bytes = bytes;
      this.close = close;
    }

    void closeValue() {
      if (value != null) {
        close.accept(value);
        value = null;
      }
    }
  }

  /**
   * One holder's use of an entry: {@link #get()} while open; {@link #close()} returns it
   * (idempotent).
   */
  public static final class Lease<T> implements AutoCloseable, Supplier<T> {
    private final ExecutorResources owner;
    private final Entry<T> entry;
    private final int[] heldByThread;
    private final boolean loaded;
    private final List<String> evicted;
    private final T value;
    private boolean closed;

    Lease(
        ExecutorResources owner,
        Entry<T> entry,
        int[] heldByThread,
        boolean loaded,
        List<String> evicted) {
      this.owner = owner;
      this.entry = entry;
      this.heldByThread = heldByThread;
      this.loaded = loaded;
      this.evicted = List.copyOf(evicted);
      this.value = entry.value;
    }

    @Override
    public T get() {
      if (closed) {
        throw new IllegalStateException(entry.key + ": lease already closed");
      }
      return value;
    }

    public String key() {
      return entry.key;
    }

    public long bytes() {
      return entry.bytes;
    }

    /** Whether this acquisition loaded the entry (false: it was resident already). */
    public boolean loaded() {
      return loaded;
    }

    /** The keys of the idle entries this acquisition closed to make room. */
    public List<String> evictedKeys() {
      return evicted;
    }

    @Override
    public void close() {
      synchronized (this) {
        if (closed) {
          return;
        }
        closed = true;
      }
      synchronized (owner) {
        heldByThread[0]--;
      }
      owner.release(entry);
    }
  }
}
