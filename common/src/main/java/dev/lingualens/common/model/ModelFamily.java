package dev.lingualens.common.model;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The transformer families the runtime implements, selected by config.json's {@code model_type}.
 */
public enum ModelFamily {
  LLAMA(List.of("llama", "mistral", "qwen2", "qwen3"), true),
  GPT2(List.of("gpt2"), true),
  BERT(List.of("bert", "xlm-roberta", "roberta"), false);

  private final List<String> modelTypes;
  private final boolean causal;

  ModelFamily(List<String> modelTypes, boolean causal) {
    this.modelTypes = modelTypes;
    this.causal = causal;
  }

  public boolean causal() {
    return causal;
  }

  public static List<String> supportedModelTypes() {
    return Arrays.stream(values()).flatMap(f -> f.modelTypes.stream()).toList();
  }

  public static ModelFamily of(String modelType, String where) {
    String t = modelType == null ? "" : modelType.toLowerCase(Locale.ROOT);
    for (ModelFamily f : values()) {
      if (f.modelTypes.contains(t)) {
        return f;
      }
    }
    throw new ModelLoadException(
        where
            + ": unsupported model_type '"
            + modelType
            + "'; supported: "
            + String.join(", ", supportedModelTypes()));
  }
}
