package dev.lingualens.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lingualens.common.resources.ExecutorResources;
import org.junit.jupiter.api.Test;
import scala.Option;

/** The executor plugin applies the Spark conf's budget; without one the budget stays as it was. */
class ResourcesPluginTest {
  @Test
  void budgetFromTheSparkConf() {
    ExecutorResources shared = ExecutorResources.shared();
    long before = shared.budget();
    try {
      ResourcesPlugin.Executor.configure(Option.apply("3g"));
      assertThat(shared.budget()).isEqualTo(3L << 30);
      ResourcesPlugin.Executor.configure(Option.empty());
      assertThat(shared.budget()).isEqualTo(3L << 30);
      assertThatThrownBy(() -> ResourcesPlugin.Executor.configure(Option.apply("-1")))
          .hasMessageContaining(ExecutorResources.SPARK_CONF);
    } finally {
      shared.budget(before);
    }
    assertThat(new ResourcesPlugin().executorPlugin()).isInstanceOf(ResourcesPlugin.Executor.class);
    assertThat(new ResourcesPlugin().driverPlugin()).isNull();
  }
}
