package dev.lingualens.jobs.lape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shard plan of a neurons run: a fixed cut and a lookup (stored by {@code ShardStore}). */
class ShardPlanTest {
  @Test
  void cutsEveryLanguageInLanguageThenWindowOrder() {
    ShardPlan p = ShardPlan.of(Map.of("fra", 5L, "eng", 4L), 2);
    assertThat(p.lines())
        .containsExactly(
            "0\teng\t0\t2", "1\teng\t2\t4", "2\tfra\t0\t2", "3\tfra\t2\t4", "4\tfra\t4\t5");
    assertThat(p.shardOf("eng", 0)).isZero();
    assertThat(p.shardOf("eng", 3)).isEqualTo(1);
    assertThat(p.shardOf("fra", 4)).isEqualTo(4);
    assertThatThrownBy(() -> p.shardOf("fra", 5)).hasMessageContaining("window 5 of 'fra'");
    assertThat(ShardPlan.parse(p.lines())).isEqualTo(p);
  }
}
