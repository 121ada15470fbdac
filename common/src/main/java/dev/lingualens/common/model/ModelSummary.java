package dev.lingualens.common.model;

import java.nio.file.Path;

/**
 * What {@code lingualens model-summary} prints for a model folder, read without loading the
 * weights.
 */
public record ModelSummary(
    Path folder,
    String modelType,
    ModelFamily family,
    int layers,
    int hiddenSize,
    int intermediateSize,
    int heads,
    int kvHeads,
    int vocabSize,
    long parameters,
    DType storedDtype,
    long storedBytes) {

  public static ModelSummary of(Path folder) {
    ModelConfig c = ModelConfig.read(folder);
    try (WeightStore w = WeightStore.open(folder)) {
      long params = 0;
      long bytes = 0;
      for (SafetensorsFile.TensorInfo t : w.all().values()) {
        params += t.elements();
        bytes += t.end() - t.begin();
      }
      return new ModelSummary(
          folder,
          c.modelType(),
          c.family(),
          c.layers(),
          c.hiddenSize(),
          c.intermediateSize(),
          c.heads(),
          c.kvHeads(),
          c.vocabSize(),
          params,
          w.storedDtype(),
          bytes);
    }
  }

  @Override
  public String toString() {
    return String.format(
        "model: %s%nfamily: %s (model_type %s)%nlayers: %d%nhidden size: %d%nFFN size: %d%n"
            + "attention heads: %d (kv %d)%nvocabulary: %d%nparameters: %,d (%.2f B)%nstored dtype: %s (%,d bytes)%n",
        folder,
        family,
        modelType,
        layers,
        hiddenSize,
        intermediateSize,
        heads,
        kvHeads,
        vocabSize,
        parameters,
        parameters / 1e9,
        storedDtype,
        storedBytes);
  }
}
