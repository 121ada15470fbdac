package dev.lingualens.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdCountsTest {
  @Test
  void counterCountsEachIdAcrossGrowth() {
    IdCounter c = new IdCounter();
    // ids 0..999, id k seen (k % 3) + 1 times: more ids than the initial table holds
    for (int k = 0; k < 1000; k++) {
      for (int r = 0; r <= k % 3; r++) {
        c.add(k);
      }
    }
    IdCounts counts = c.toIdCounts();
    assertThat(counts.distinct()).isEqualTo(1000);
    // 334 ids seen once (k % 3 == 0), 333 twice, 333 three times
    assertThat(counts.total()).isEqualTo(334 + 2 * 333 + 3 * 333);
    assertThat(counts.count(999)).isEqualTo(1);
    assertThat(counts.count(998)).isEqualTo(3);
    assertThat(counts.count(1000)).isZero();
  }

  @Test
  void plusAddsCountsIdById() {
    IdCounts a = IdCounts.of(new int[] {5, 1, 9}, new long[] {1, 2, 3});
    IdCounts b = IdCounts.of(new int[] {9, 2}, new long[] {10, 20});
    IdCounts sum = a.plus(b);
    assertThat(sum.distinct()).isEqualTo(4);
    assertThat(sum.counts()).containsExactly(2, 20, 1, 13);
    assertThat(sum.total()).isEqualTo(36);
    assertThat(IdCounts.empty().plus(a).counts()).containsExactly(2, 1, 3);
  }

  @Test
  void anIdGivenTwiceIsOneEntry() {
    IdCounts c = IdCounts.of(new int[] {3, 3}, new long[] {1, 4});
    assertThat(c.distinct()).isEqualTo(1);
    assertThat(c.count(3)).isEqualTo(5);
  }
}
