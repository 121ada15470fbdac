package dev.lingualens.jobs.model;

import ai.djl.ndarray.types.DataType;
import dev.lingualens.common.config.Key;
import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.common.model.ModelFamily;
import dev.lingualens.common.model.ModelOptions;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The {@code model.*} keys: which model folder the model jobs run, and how (device, dtype,
 * batching).
 */
public record ModelSettings(
    String path, String name, String device, String dtype, int batchTokens, int maxRows)
    implements Serializable {
  public static final Key<String> PATH =
      Key.text(
          "model.path",
          "",
          "a Hugging Face model folder (config.json, *.safetensors, tokenizer.json)");
  public static final Key<String> NAME =
      Key.text(
          "model.name",
          "",
          "name the model's rows carry in every table; empty = the folder's name");
  public static final Key<String> DEVICE =
      Key.text(
              "model.device",
              "auto",
              "auto = the GPU Spark assigned to the task (spark.task.resource.gpu.amount), else cpu; or cpu, gpu:N")
          .where(
              d -> d.trim().toLowerCase(Locale.ROOT).matches("auto|cpu|(gpu|cuda)(:\\d+)?"),
              "auto, cpu, gpu or gpu:N");
  public static final Key<String> DTYPE =
      Key.text(
              "model.dtype",
              "auto",
              "auto = float32 on CPU (bf16/f16 matrices kept in two bytes); on GPU the checkpoint's stored dtype, bf16 as float32 (never float16), float32 for families that overflow float16; or float32, float16")
          .where(
              t -> t.trim().toLowerCase(Locale.ROOT).matches("auto|float32|fp32|float16|fp16"),
              "auto, float32 or float16 (bfloat16 is refused: DJL 0.35.1's PyTorch engine has no"
                  + " BF16 type, creating a bf16 array aborts the JVM; bf16 checkpoints run with auto)");
  public static final Key<Integer> BATCH_TOKENS =
      Key.integer(
          "model.batch-tokens",
          "4096",
          1,
          "token budget per forward batch (rows x longest row, after sorting by length)");
  public static final Key<Integer> MAX_ROWS =
      Key.integer("model.max-rows", "64", 1, "most rows per forward batch");
  public static final List<Key<?>> KEYS =
      List.of(PATH, NAME, DEVICE, DTYPE, BATCH_TOKENS, MAX_ROWS);

  /**
   * Device and dtype are checked together on the driver when the device is explicit (auto is per
   * task).
   */
  public static ModelSettings from(LinguaConfig c) {
    String device = c.get(DEVICE);
    String dtype = c.get(DTYPE);
    if (!device.trim().equalsIgnoreCase("auto")) {
      try {
        ModelOptions.parse(device, dtype);
      } catch (IllegalArgumentException e) {
        throw c.bad(DTYPE, "a dtype for device " + device + ": " + e.getMessage());
      }
    }
    return new ModelSettings(
        c.get(PATH), c.get(NAME), device, dtype, c.get(BATCH_TOKENS), c.get(MAX_ROWS));
  }

  /**
   * Refuses, on the driver, model.dtype=float16 for a family whose activations overflow it (auto
   * never picks float16 for such a family; loading the model checks the same).
   */
  public void checkDtypeFor(ModelFamily family, Path folder, LinguaConfig c) {
    String t = dtype.trim().toLowerCase(Locale.ROOT);
    if (t.equals("float16") || t.equals("fp16")) {
      try {
        family.checkComputeDtype(DataType.FLOAT16, folder.toString());
      } catch (IllegalArgumentException e) {
        throw c.bad(DTYPE, "float32, not float16 (" + e.getMessage() + ")");
      }
    }
  }
}
