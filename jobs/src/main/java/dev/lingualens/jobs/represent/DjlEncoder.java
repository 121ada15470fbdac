package dev.lingualens.jobs.represent;

import dev.lingualens.common.model.LayerRepresentations;
import dev.lingualens.common.model.TransformerModel;
import dev.lingualens.common.resources.ExecutorResources;
import java.util.List;

/** Our transformer code on DJL: every layer's hook, pooled on the device. */
final class DjlEncoder implements SentenceEncoder {
  private final ExecutorResources.Lease<TransformerModel> model;
  private final Embedding spec;
  private final int batchTokens;
  private final int maxRows;

  DjlEncoder(
      ExecutorResources.Lease<TransformerModel> model,
      Embedding spec,
      int batchTokens,
      int maxRows) {
    this.model = model;
    this.spec = spec;
    this.batchTokens = batchTokens;
    this.maxRows = maxRows;
  }

  @Override
  public float[][][] encode(List<long[]> sequences) {
    return LayerRepresentations.compute(
        model.get(), sequences, spec.layers(), spec.pooling(), batchTokens, maxRows);
  }

  @Override
  public void close() {
    model.close();
  }
}
