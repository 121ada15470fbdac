package dev.lingualens.jobs.lape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lingualens.common.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shard plan of a neurons run: fixed cut, lookup, stored once, a changed plan refused. */
class ShardPlanTest {
  @TempDir Path dir;

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

  @Test
  void aRunIdKeepsItsPlanAndItsFinishedShards() throws Exception {
    ShardStore store = new ShardStore(dir);
    ShardPlan plan = ShardPlan.of(Map.of("eng", 4L, "fra", 4L), 2);
    store.fix(plan, "r1");
    store.save(
        2,
        List.of(
            new ShardStore.Keyed("fra\u00000", new ActivationCounts(new long[] {1, 2}, 4, null))));
    Files.writeString(
        dir.resolve("shards/3.counts.tmp-crashed"), "half"); // a task killed mid-write
    store.fix(plan, "r1");
    assertThat(store.finished()).containsExactly(2);
    assertThat(store.load(2).get(0).counts().overZero()).containsExactly(1, 2);
    assertThatThrownBy(() -> store.fix(ShardPlan.of(Map.of("eng", 4L, "fra", 6L), 2), "r1"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("run.id 'r1'")
        .hasMessageContaining("use a new run.id");
  }
}
