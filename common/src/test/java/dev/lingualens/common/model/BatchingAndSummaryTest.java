package dev.lingualens.common.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchingAndSummaryTest {
  @Test
  void batchesRespectTheTokenBudgetAndKeepEveryIndexOnce() {
    List<long[]> seqs = new ArrayList<>();
    int[] lens = {5, 1, 9, 3, 3, 7, 2};
    for (int len : lens) {
      seqs.add(new long[len]);
    }
    List<TokenBudgetBatcher.Batch> batches = TokenBudgetBatcher.batches(seqs, 0, 10, 8);
    // sorted lengths 1,2,3,3,5,7,9 with budget 10: [1,2,3] (3x3=9), [3,5] (2x5=10), [7], [9]
    assertThat(batches).extracting(b -> b.tokens().size()).containsExactly(3, 2, 1, 1);
    List<Integer> seen = new ArrayList<>();
    for (TokenBudgetBatcher.Batch b : batches) {
      assertThat((long) b.tokens().size() * b.tokens().width()).isLessThanOrEqualTo(10);
      for (int i = 0; i < b.indices().length; i++) {
        assertThat(b.tokens().lengths()[i]).isEqualTo(lens[b.indices()[i]]);
        seen.add(b.indices()[i]);
      }
    }
    assertThat(seen).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6);
  }

  @Test
  void aSequenceLongerThanTheBudgetGetsABatchOfItsOwn() {
    List<TokenBudgetBatcher.Batch> b =
        TokenBudgetBatcher.batches(List.of(new long[20], new long[2]), 0, 10, 8);
    assertThat(b).extracting(x -> x.tokens().width()).containsExactly(2, 20);
  }

  @Test
  void summaryCountsParametersFromTheConfig() throws Exception {
    try (ReferenceFixture ref = new ReferenceFixture("llama")) {
      ModelSummary s = ModelSummary.of(ref.folder);
      // hidden 32, 4 heads of 8, 2 kv heads (k,v out 16), FFN 64, vocab 96, 2 layers, untied
      // lm_head:
      // per layer q 1024 + k 512 + v 512 + o 1024 + gate/up/down 3 x 2048 + 2 norms 64 = 9280
      assertThat(s.parameters()).isEqualTo(2 * 9280 + 96 * 32 * 2 + 32);
      assertThat(s.family()).isEqualTo(ModelFamily.LLAMA);
      assertThat(s.storedDtype()).isEqualTo(DType.F32);
      try (TransformerModel m = TransformerModel.load(ref.folder, ModelOptions.cpu())) {
        assertThat(m.parameterCount()).isEqualTo(s.parameters());
      }
    }
    try (ReferenceFixture ref = new ReferenceFixture("llama-bf16")) {
      assertThat(ModelSummary.of(ref.folder).storedDtype()).isEqualTo(DType.BF16);
    }
  }

  @Test
  void deviceAndDtypeOptionsAreValidated() {
    assertThat(ModelOptions.parse("cpu", "auto").dtype())
        .isEqualTo(ai.djl.ndarray.types.DataType.FLOAT32);
    assertThat(ModelOptions.parse("gpu:1", "auto").device().getDeviceId()).isEqualTo(1);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ModelOptions.parse("tpu", "auto"))
        .hasMessageContaining("'tpu'");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ModelOptions.parse("cpu", "bfloat16"))
        .hasMessageContaining("bfloat16");
  }
}
