package dev.lingualens.common.model;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What a caller wants from one forward pass: hooks copied to the host, hooks folded on the device
 * by reducers, and interventions. Nothing else is materialised beyond what the computation needs.
 */
public final class ForwardRequest {
  private final Set<String> capture = new LinkedHashSet<>();
  private final Map<String, HookReducer> reducers = new HashMap<>();
  private final Map<Integer, int[]> zeroedNeurons = new HashMap<>();

  public static ForwardRequest capture(String... hooks) {
    ForwardRequest r = new ForwardRequest();
    r.capture.addAll(Set.of(hooks));
    return r;
  }

  public ForwardRequest also(String... hooks) {
    capture.addAll(Set.of(hooks));
    return this;
  }

  public ForwardRequest reduce(String hook, HookReducer reducer) {
    reducers.put(hook, reducer);
    return this;
  }

  /** Sets the given neurons of {@code mlp.hook_post} of a layer to 0 at every position. */
  public ForwardRequest zeroNeurons(int layer, int... neurons) {
    zeroedNeurons.put(layer, neurons.clone());
    return this;
  }

  public boolean wants(String hook) {
    return capture.contains(hook) || reducers.containsKey(hook);
  }

  public Set<String> captured() {
    return capture;
  }

  public HookReducer reducer(String hook) {
    return reducers.get(hook);
  }

  public Map<Integer, int[]> zeroedNeurons() {
    return zeroedNeurons;
  }

  /**
   * Whether the unembedding has to run at all (it is the most expensive matmul of small models).
   */
  public boolean needsLogits() {
    return wants(HookPoints.LOGITS) || wants(HookPoints.LOGPROBS);
  }
}
