/**
 * PAMS. Huixia Li, Chenqian Yan, Shaohui Lin, Xiawu Zheng, Baochang Zhang, Fan Yang, Rongrong Ji, "PAMS: Quantized
 * Super-Resolution via Parameterized Max Scale", ECCV 2020 (arXiv:2011.04212); official code {@code colorjam/PAMS}
 * ({@code model/quant_ops.py}: {@code pams_quant_act}, {@code quant_weight}).
 *
 * <p>What this package holds: {@link org.qbench.methods.pams.PamsMethod} (id {@code pams}, registered in
 * {@link org.qbench.methods.Methods}), the activation quantizer
 * {@link org.qbench.methods.pams.PamsActivationQuantizer} ({@code clamp(x, -alpha, alpha)} on a symmetric grid of
 * step {@code alpha / (2^(b-1) - 1)}, straight-through round, {@code alpha} learned with PACT's gradient outside the
 * range and LSQ's inside) and the weight quantizer {@link org.qbench.methods.pams.PamsWeightQuantizer} (symmetric by
 * {@code max|W|}, straight-through). Structured knowledge transfer is left out; the departures are listed by
 * {@link org.qbench.methods.pams.PamsMethod#departures()}.
 */
package org.qbench.methods.pams;
