package dev.lingualens.common.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.api.Test;

/** What model.dtype=auto resolves to, per device, stored dtype and family (issue 13). */
class DtypeChoiceTest {
  @Test
  void autoFollowsTheStoredDtypeOnAGpuButNeverNarrowsBf16ToFp16() {
    assertThat(ModelOptions.parse("gpu:0", "auto", DType.F16, ModelFamily.LLAMA).dtype())
        .isEqualTo(DataType.FLOAT16);
    assertThat(ModelOptions.parse("gpu:0", "auto", DType.BF16, ModelFamily.LLAMA).dtype())
        .isEqualTo(DataType.FLOAT32);
    assertThat(ModelOptions.parse("gpu:0", "auto", DType.F32, ModelFamily.LLAMA).dtype())
        .isEqualTo(DataType.FLOAT32);
    // an fp16 Gemma checkpoint still computes in fp32: its activations pass 65504
    assertThat(ModelOptions.parse("gpu:0", "auto", DType.F16, ModelFamily.GEMMA2).dtype())
        .isEqualTo(DataType.FLOAT32);
    for (DType stored : DType.values()) {
      assertThat(ModelOptions.parse("cpu", "auto", stored, ModelFamily.LLAMA).dtype())
          .isEqualTo(DataType.FLOAT32);
    }
  }

  @Test
  void bfloat16IsRefusedWithTheMeasuredReasonAndTheWayOut() {
    for (String name : new String[] {"bfloat16", "bf16"}) {
      assertThatThrownBy(() -> ModelOptions.parse("gpu:0", name, DType.BF16, ModelFamily.LLAMA))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no BF16 type")
          .hasMessageContaining("model.dtype=auto");
    }
  }
}
