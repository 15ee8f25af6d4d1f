/**
 * Quantization methods: what a method is ({@link org.qbench.methods.QuantMethod}), its run-time
 * configuration ({@link org.qbench.methods.MethodConfig}: weight and activation bits, the first/last-layer
 * protocol, typed {@link org.qbench.methods.MethodOptions}), the layer factory a task model asks for its
 * layers ({@link org.qbench.methods.LayerFactory}: layers from a {@link org.qbench.methods.ConvSpec} or
 * {@link org.qbench.methods.LinearSpec} by {@link org.qbench.methods.LayerRole}, and hooks whose
 * full-precision defaults live in {@link org.qbench.methods.FullPrecisionBlocks}) and the registry of every
 * method ({@link org.qbench.methods.Methods}).
 *
 * <p>This module compiles against {@code ai.djl:api} only; the engine is plugged in at run time by the
 * harness. Each method lives in a package of its own whose javadoc names the paper, the equations it
 * implements and every departure from the paper or the official code.
 */
package org.qbench.methods;
