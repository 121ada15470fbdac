package dev.lingualens.common.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReducersAndPoolingTest {
  @Test
  void aDeviceReducerSeesTheSameActivationsAsTheHost() throws Exception {
    try (ReferenceFixture ref = new ReferenceFixture("llama");
        TransformerModel model = TransformerModel.load(ref.folder, ModelOptions.cpu())) {
      TokenBatch batch = TokenBatch.of(ref.sequences(), ref.padId());
      String hook = HookPoints.mlpPre(1);
      long[][] counts = new long[1][];
      ForwardRequest req =
          ForwardRequest.capture(hook)
              .reduce(
                  hook,
                  (name, value, mask) -> {
                    // count positive pre-activations per neuron over real tokens only, on the
                    // device
                    NDArray positive =
                        value.gt(0).toType(DataType.FLOAT32, false).mul(mask.expandDims(-1));
                    counts[0] =
                        positive.sum(new int[] {0, 1}).toType(DataType.INT64, false).toLongArray();
                  });
      Map<String, HostTensor> out = model.forward(batch, req);
      HostTensor pre = ref.tensor("batch." + hook);
      int[] len = ref.lengths();
      long[] expected = new long[(int) pre.shape()[2]];
      for (int b = 0; b < len.length; b++) {
        for (int t = 0; t < len[b]; t++) {
          for (int f = 0; f < expected.length; f++) {
            if (pre.get(b, t, f) > 0) {
              expected[f]++;
            }
          }
        }
      }
      assertThat(counts[0]).containsExactly(expected);
      assertThat(out).containsKey(hook);
    }
  }

  @Test
  void poolingMatchesTheReference() throws Exception {
    for (String family : List.of("bert", "xlm-roberta", "llama")) {
      try (ReferenceFixture ref = new ReferenceFixture(family);
          TransformerModel model = TransformerModel.load(ref.folder, ModelOptions.cpu())) {
        TokenBatch batch = TokenBatch.of(ref.sequences(), ref.padId());
        HostTensor hidden =
            model
                .forward(batch, ForwardRequest.capture(HookPoints.LAST_HIDDEN))
                .get(HookPoints.LAST_HIDDEN);
        for (Pooling p : Pooling.values()) {
          String name = "batch.pooled." + p.name().toLowerCase();
          if (!ref.json.path("tensors").has(name)) {
            continue;
          }
          HostTensor expected = ref.tensor(name);
          float[][] pooled = p.pool(hidden, batch.lengths());
          for (int b = 0; b < pooled.length; b++) {
            for (int d = 0; d < pooled[b].length; d++) {
              assertThat((double) pooled[b][d])
                  .as(family + " " + name)
                  .isCloseTo(expected.get(b, d), within(1e-4));
            }
          }
        }
      }
    }
  }

  @Test
  void activationsOfAPassAreReleased() throws Exception {
    try (ReferenceFixture ref = new ReferenceFixture("gpt2");
        TransformerModel model = TransformerModel.load(ref.folder, ModelOptions.cpu())) {
      NDArray[] seen = new NDArray[1];
      model.forward(
          TokenBatch.of(ref.sequences(), ref.padId()),
          ForwardRequest.capture().reduce(HookPoints.mlpPost(0), (n, v, m) -> seen[0] = v));
      assertThat(seen[0].isReleased()).isTrue();
    }
  }
}
