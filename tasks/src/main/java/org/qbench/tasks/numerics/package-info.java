/**
 * The numerics checker behind {@code --check-numerics}: finiteness checks after every quantized layer's stages,
 * the model output, the loss and every gradient, and the record of the first non-finite value a failed run
 * writes into its result ({@link org.qbench.tasks.numerics.NumericsFault}).
 */
package org.qbench.tasks.numerics;
