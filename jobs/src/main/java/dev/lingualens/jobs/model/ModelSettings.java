package dev.lingualens.jobs.model;

import dev.lingualens.common.config.Key;
import dev.lingualens.common.config.LinguaConfig;
import java.io.Serializable;
import java.util.List;

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
          "auto = the GPU Spark assigned to the task (spark.task.resource.gpu.amount), else cpu; or cpu, gpu:N");
  public static final Key<String> DTYPE =
      Key.text(
          "model.dtype",
          "auto",
          "auto = float16 on GPU, float32 on CPU; or float32, float16 (bfloat16 is refused: DJL's conversion aborts the JVM)");
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

  public static ModelSettings from(LinguaConfig c) {
    return new ModelSettings(
        c.get(PATH),
        c.get(NAME),
        c.get(DEVICE),
        c.get(DTYPE),
        c.get(BATCH_TOKENS),
        c.get(MAX_ROWS));
  }
}
