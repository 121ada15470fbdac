package dev.lingualens.jobs.model;

import dev.lingualens.common.model.DType;
import dev.lingualens.common.model.ModelFamily;
import dev.lingualens.common.model.ModelOptions;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

/**
 * The device a task's model runs on: with {@code model.device=auto}, the GPU address Spark assigned
 * to the task (spark.task.resource.gpu.amount), else the CPU; an explicit device in the config
 * wins.
 */
public final class TaskDevice {
  private TaskDevice() {}

  /**
   * Executors call this with the settings' plain values (they never see the config) and the
   * checkpoint's stored dtype and family, which {@code model.dtype=auto} follows on a GPU.
   */
  public static ModelOptions options(
      String device, String dtype, DType stored, ModelFamily family) {
    if (device.equalsIgnoreCase("auto")) {
      device = assignedGpu().map(addr -> "gpu:" + addr).orElse("cpu");
    }
    try {
      return ModelOptions.parse(device, dtype, stored, family);
    } catch (IllegalArgumentException e) {
      throw new dev.lingualens.common.config.ConfigException(
          e.getMessage() + " (keys model.device / model.dtype)", e);
    }
  }

  static java.util.Optional<String> assignedGpu() {
    TaskContext tc = TaskContext.get();
    if (tc == null) {
      return java.util.Optional.empty();
    }
    scala.Option<ResourceInformation> gpu = tc.resources().get("gpu");
    if (gpu.isEmpty() || gpu.get().addresses().length == 0) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(gpu.get().addresses()[0]);
  }
}
