package dev.lingualens.common.model;

import ai.djl.ndarray.NDArray;

/**
 * The weights of what follows attention in a GPT-style pre-LayerNorm block with biases (BLOOM,
 * XGLM): the attention output projection, the MLP's LayerNorm, and its up and down projections.
 * {@link TransformerModel#finishBiasedBlock} runs them.
 */
record BiasedBlockTail(
    StoredWeight out,
    NDArray outBias,
    NDArray normWeight,
    NDArray normBias,
    StoredWeight up,
    NDArray upBias,
    StoredWeight down,
    NDArray downBias) {}
