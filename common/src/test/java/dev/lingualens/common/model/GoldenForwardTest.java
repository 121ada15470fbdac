package dev.lingualens.common.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our DJL forward against the independent PyTorch reference (scripts/dev/reference), hook by hook,
 * batched (right-padded) and one sequence at a time: max abs difference ≤ 1e-4 at every real
 * position. The differences it measures make docs/verified-models.md ({@link VerifiedModelsPage}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GoldenForwardTest {
  static final double TOLERANCE = 1e-4;

  /**
   * Reference tensors that are not hooks of the runtime (pooling is checked through {@link
   * Pooling}).
   */
  static final Set<String> NOT_HOOKS =
      Set.of(
          "hook_token_type_embed",
          "pooled.cls",
          "pooled.mean",
          "pooled.last",
          "input_ids",
          "attention_mask",
          "token_type_ids",
          "position_ids");

  @ParameterizedTest
  @MethodSource("dev.lingualens.common.model.ReferenceFixture#families")
  @Order(1)
  void everyHookMatchesTheReference(String family) throws Exception {
    VerifiedModelsPage.FORWARD.put(family, measure(family));
  }

  /**
   * docs/verified-models.md from the differences measured above (fixtures this JVM has not measured
   * yet, e.g. when only this method runs, are measured here).
   */
  @Test
  @Order(2)
  void theVerifiedModelsPageIsCurrent() throws Exception {
    VerifiedModelsPage.check();
  }

  /**
   * Every hook of one fixture against the reference (asserting ≤ {@link #TOLERANCE}); returns the
   * largest difference per hook name, over the runs and the layers ({@link
   * VerifiedModelsPage#column}).
   */
  static Map<String, Double> measure(String family) throws Exception {
    try (ReferenceFixture ref = new ReferenceFixture(family);
        TransformerModel model = TransformerModel.load(ref.folder, ModelOptions.cpu())) {
      collectGarbage();
      Map<String, Double> worst = new TreeMap<>();
      List<String> checked = new ArrayList<>();
      int[] lengths = ref.lengths();
      TokenBatch batch = TokenBatch.of(ref.sequences(), ref.padId());
      checked.addAll(
          compareRun(ref, model, batch, "batch", lengths, ForwardRequest.capture(), worst));
      for (int i = 0; i < lengths.length; i++) {
        TokenBatch single = TokenBatch.of(List.of(ref.sequences().get(i)), ref.padId());
        checked.addAll(
            compareRun(
                ref,
                model,
                single,
                "single." + i,
                new int[] {lengths[i]},
                ForwardRequest.capture(),
                worst));
      }
      JsonNode intervention = ref.json.path("intervention");
      if (intervention.has("zero_neurons")) {
        ForwardRequest req = ForwardRequest.capture();
        for (Iterator<Map.Entry<String, JsonNode>> it = intervention.path("zero_neurons").fields();
            it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          int[] neurons = new int[e.getValue().size()];
          for (int n = 0; n < neurons.length; n++) {
            neurons[n] = e.getValue().get(n).asInt();
          }
          req.zeroNeurons(Integer.parseInt(e.getKey()), neurons);
        }
        checked.addAll(compareRun(ref, model, batch, "batch.intervention", lengths, req, worst));
      }
      assertThat(checked).as("hooks compared for " + family).hasSizeGreaterThan(10);
      return worst;
    }
  }

  /**
   * Frees what the loader no longer references: a weight whose storage still belongs to a collected
   * Java buffer (an alias left after its owner was closed) then reads freed memory and fails the
   * comparison (or crashes), as it would only late in a long job otherwise.
   */
  private static void collectGarbage() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
    }
  }

  private static List<String> compareRun(
      ReferenceFixture ref,
      TransformerModel model,
      TokenBatch batch,
      String run,
      int[] lengths,
      ForwardRequest request,
      Map<String, Double> worstPerColumn) {
    List<String> hooks = ref.hooksOf(run).stream().filter(h -> !NOT_HOOKS.contains(h)).toList();
    hooks.forEach(request::also);
    Map<String, HostTensor> out = model.forward(batch, request);
    for (String hook : hooks) {
      String name = run + "." + hook;
      HostTensor expected = ref.tensor(name);
      HostTensor actual = out.get(hook);
      assertThat(actual).as(name + " was not produced").isNotNull();
      assertThat(actual.shape()).as(name + " shape").containsExactly(expected.shape());
      JsonNode meta = ref.meta(name);
      int offset = meta.path("seq_len_offset").asInt(0);
      List<Integer> seqAxes = new ArrayList<>();
      meta.path("seq_axes").forEach(a -> seqAxes.add(a.asInt()));
      double worst = maxAbsDiff(expected, actual, seqAxes, lengths, offset);
      assertThat(worst).as(name + " max |ours − reference|").isLessThanOrEqualTo(TOLERANCE);
      worstPerColumn.merge(VerifiedModelsPage.column(run, hook), worst, Math::max);
    }
    return hooks;
  }

  /**
   * Max difference over elements whose index along every sequence axis is inside the row's length.
   */
  static double maxAbsDiff(
      HostTensor expected, HostTensor actual, List<Integer> seqAxes, int[] lengths, int offset) {
    long[] shape = expected.shape();
    long[] idx = new long[shape.length];
    double worst = 0;
    for (int flat = 0; flat < expected.data().length; flat++) {
      long rem = flat;
      for (int a = shape.length - 1; a >= 0; a--) {
        idx[a] = rem % shape[a];
        rem /= shape[a];
      }
      boolean valid = true;
      for (int axis : seqAxes) {
        if (idx[axis] >= lengths[(int) idx[0]] + offset) {
          valid = false;
        }
      }
      if (valid) {
        worst = Math.max(worst, Math.abs(expected.data()[flat] - actual.data()[flat]));
      }
    }
    return worst;
  }
}
