package dev.lingualens.common.mixture;

import java.io.Serializable;

/**
 * One epoch of the lazy loop (a row of {@code mixture_solver_trace}). Epoch 1 scans with the starting
 * point (uniform α, v = 0), so its objective is that of the LP solved after its rows were added.
 */
public record SolverEpoch(int epoch, int lastStepScanned, int newConstraints, int totalConstraints, int pairVariables,
    double objective, double sumStepSlack, double sumPairSlack, double solveSeconds, double wallSeconds,
    int missingMerges) implements Serializable {}
