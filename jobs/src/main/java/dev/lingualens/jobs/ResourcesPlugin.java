package dev.lingualens.jobs;

import dev.lingualens.common.resources.ExecutorResources;
import java.util.Map;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;

/**
 * Gives each executor's {@link ExecutorResources} its lifecycle through Spark's plugin API ({@code
 * spark.plugins=dev.lingualens.jobs.ResourcesPlugin}): at executor start the budget from the Spark
 * conf ({@value ExecutorResources#SPARK_CONF}, when set); at executor shutdown every model,
 * tokenizer, ONNX session and cache is closed. The local session of {@code Cli} and the cluster
 * launch confs register it.
 */
public final class ResourcesPlugin implements SparkPlugin {
  @Override
  public DriverPlugin driverPlugin() {
    return null;
  }

  @Override
  public ExecutorPlugin executorPlugin() {
    return new Executor();
  }

  /** The executor side: configure at init, close everything at shutdown. */
  public static final class Executor implements ExecutorPlugin {
    @Override
    public void init(PluginContext ctx, Map<String, String> extraConf) {
      configure(ctx.conf().getOption(ExecutorResources.SPARK_CONF));
    }

    static void configure(scala.Option<String> budget) {
      if (budget.isDefined() && !budget.get().isBlank()) {
        ExecutorResources.configure(
            ExecutorResources.parseBytes(budget.get(), ExecutorResources.SPARK_CONF));
      }
    }

    @Override
    public void shutdown() {
      ExecutorResources.shared().close();
    }
  }
}
