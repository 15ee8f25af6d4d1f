/** The full-precision (FP32) baseline method: identity quantizers around the shared layers. */
package org.qbench.methods.fp32;
