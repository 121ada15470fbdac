package dev.lingualens.common.mixture;

import java.io.Serializable;

/**
 * One epoch of the lazy loop (a row of {@code mixture_solver_trace}). Epoch 1 scans with the
 * starting point (uniform α, v = 0), so its objective is that of the LP solved after its rows were
 * added. {@code newConstraints} counts the violated rows the epoch's scan put into the LP (new ones
 * and {@code revivedConstraints} dropped earlier and violated again); {@code totalConstraints} the
 * live rows after the solve and {@code droppedConstraints} those switched off after it (never
 * binding for {@code dropAfter} solves). {@code upperBound} is the objective of a feasible point of
 * the full LP built by the scan from the previous solution (its α, the slacks raised just enough to
 * satisfy every row), so the full LP's optimum lies in [objective of the previous epoch,
 * upperBound].
 */
public record SolverEpoch(
    int epoch,
    int lastStepScanned,
    int newConstraints,
    int totalConstraints,
    int pairVariables,
    double objective,
    double sumStepSlack,
    double sumPairSlack,
    double solveSeconds,
    double wallSeconds,
    int missingMerges,
    double scanSeconds,
    long iterations,
    int revivedConstraints,
    int droppedConstraints,
    double upperBound)
    implements Serializable {}
