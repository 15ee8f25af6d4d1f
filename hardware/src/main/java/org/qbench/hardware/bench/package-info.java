/** JMH benchmarks, one question per class; run them through {@code qbench kernels}. */
package org.qbench.hardware.bench;
