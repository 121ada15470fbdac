package dev.lingualens.common.model;

import ai.djl.ndarray.NDArray;

/**
 * Folds a hook's activation into state that stays on the model's device (e.g. per-neuron counts of
 * {@code hook_pre > 0}), so activations never have to leave the GPU. Called once per batch per
 * hook; {@code value} and {@code mask} are released after the call: keep results, not references.
 * Every NDArray created during a pass is released when the pass ends, so state must be updated in
 * place ({@code counts.addi(...)}) or the new array unregistered from the {@link
 * ai.djl.ndarray.NDScope}.
 */
@FunctionalInterface
public interface HookReducer {
  /**
   * @param hook the hook name
   * @param value the activation, e.g. [B,T,F], on the model's device
   * @param mask [B,T], 1 for real tokens and 0 for padding, same device
   */
  void reduce(String hook, NDArray value, NDArray mask);
}
