package dev.lingualens.common.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Keyed leases, reference counts, the byte budget and LRU eviction of idle entries. */
class ExecutorResourcesTest {
  final List<String> opened = new ArrayList<>();
  final List<String> closed = new ArrayList<>();

  ExecutorResources.Lease<String> take(ExecutorResources r, String key, long bytes) {
    return r.acquire(
        key,
        bytes,
        () -> {
          synchronized (opened) {
            opened.add(key);
          }
          return key + "-value";
        },
        v -> {
          synchronized (closed) {
            closed.add(v);
          }
        });
  }

  @Test
  void oneLoadPerKeySharedByLeases() {
    ExecutorResources r = new ExecutorResources(100);
    try (var a = take(r, "a", 10);
        var b = take(r, "a", 10)) {
      assertThat(a.get()).isEqualTo("a-value");
      assertThat(a.loaded()).isTrue();
      assertThat(b.loaded()).isFalse();
      assertThat(b.get()).isSameAs(a.get());
    }
    assertThat(opened).containsExactly("a");
    assertThat(r.loads()).isEqualTo(1);
    assertThat(r.usedBytes()).isEqualTo(10);
  }

  @Test
  void idleEntriesAreEvictedLeastRecentlyUsedFirst() {
    ExecutorResources r = new ExecutorResources(100);
    take(r, "a", 40).close();
    take(r, "b", 40).close();
    take(r, "a", 40).close(); // a is now the most recently used
    var c = take(r, "c", 40);
    assertThat(c.evictedKeys()).containsExactly("b");
    assertThat(closed).containsExactly("b-value");
    assertThat(r.holds("a")).isTrue();
    assertThat(r.usedBytes()).isEqualTo(80);
    assertThat(r.evictions()).isEqualTo(1);
    c.close();
  }

  @Test
  void anEntryInUseIsNeverClosedUnderItsHolder() {
    ExecutorResources r = new ExecutorResources(100);
    var a = take(r, "a", 60);
    var b =
        take(
            r, "b",
            60); // same thread already holds a: admitted over the budget rather than deadlock
    assertThat(b.evictedKeys()).isEmpty();
    assertThat(closed).isEmpty();
    assertThat(r.usedBytes()).isEqualTo(120);
    a.close();
    b.close();
    var c = take(r, "c", 60);
    assertThat(c.evictedKeys()).containsExactly("a", "b");
    c.close();
  }

  @Test
  void anEntryLargerThanTheBudgetLoadsWhenNothingElseIsResident() {
    ExecutorResources r = new ExecutorResources(10);
    try (var big = take(r, "big", 50)) {
      assertThat(big.get()).isEqualTo("big-value");
    }
    try (var next = take(r, "next", 5)) {
      assertThat(next.evictedKeys()).containsExactly("big");
    }
  }

  @Test
  void aTaskThatHoldsNothingWaitsForAnotherTasksLeaseRatherThanExceedTheBudget() throws Exception {
    ExecutorResources r = new ExecutorResources(100);
    var a = take(r, "a", 70);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      CountDownLatch started = new CountDownLatch(1);
      Future<List<String>> other =
          pool.submit(
              () -> {
                started.countDown();
                try (var b = take(r, "b", 70)) {
                  return b.evictedKeys();
                }
              });
      started.await();
      Thread.sleep(200);
      assertThat(other.isDone()).isFalse();
      assertThat(opened).containsExactly("a");
      a.close();
      assertThat(other.get(10, TimeUnit.SECONDS)).containsExactly("a");
      assertThat(closed).containsExactly("a-value");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void concurrentFirstUsesLoadOnce() throws Exception {
    ExecutorResources r = new ExecutorResources(100);
    AtomicInteger loads = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> got = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        got.add(
            pool.submit(
                () -> {
                  try (var l =
                      r.acquire(
                          "m",
                          10,
                          () -> {
                            loads.incrementAndGet();
                            sleep(50);
                            return "m";
                          },
                          v -> {})) {
                    return l.get();
                  }
                }));
      }
      for (Future<String> f : got) {
        assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo("m");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(loads.get()).isEqualTo(1);
  }

  @Test
  void aFailedLoadLeavesNothingBehind() {
    ExecutorResources r = new ExecutorResources(100);
    assertThatThrownBy(
            () ->
                r.acquire(
                    "x",
                    10,
                    () -> {
                      throw new IllegalStateException("broken");
                    },
                    v -> {}))
        .hasMessage("broken");
    assertThat(r.holds("x")).isFalse();
    assertThat(r.usedBytes()).isZero();
  }

  @Test
  void closeClosesEverythingAndLeasesAreIdempotent() {
    ExecutorResources r = new ExecutorResources(100);
    var a = take(r, "a", 10);
    take(r, "b", 10).close();
    r.close();
    assertThat(closed).containsExactlyInAnyOrder("a-value", "b-value");
    assertThat(r.usedBytes()).isZero();
    a.close();
    a.close();
    assertThatThrownBy(a::get).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void byteCountsTakeSuffixes() {
    assertThat(ExecutorResources.parseBytes("8g", "k")).isEqualTo(8L << 30);
    assertThat(ExecutorResources.parseBytes("512M", "k")).isEqualTo(512L << 20);
    assertThat(ExecutorResources.parseBytes("1_000", "k")).isEqualTo(1000);
    assertThatThrownBy(() -> ExecutorResources.parseBytes("0", "key.x"))
        .hasMessageContaining("key.x");
    assertThatThrownBy(() -> ExecutorResources.parseBytes("lots", "key.x"))
        .hasMessageContaining("key.x");
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
