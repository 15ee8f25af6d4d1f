package org.qbench.tasks;

/**
 * What the trained model costs, by the convention declared in {@link org.qbench.tasks.train.ModelCost}.
 *
 * @param params number of parameters (quantizer parameters excluded)
 * @param modelBits storage in bits: each quantized weight at its bit width, everything else at 32 bits
 * @param macs multiply-accumulates of the conv/linear layers per input sample
 * @param bops bit operations per sample: sum over layers of MACs x weight bits x activation bits
 */
public record CostFigures(long params, long modelBits, long macs, long bops) {}
