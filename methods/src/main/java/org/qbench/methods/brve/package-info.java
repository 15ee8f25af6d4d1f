/**
 * BRVE (Zhang et al., "Binarized Low-light Raw Video Enhancement", CVPR 2024) as a method: its binary conv
 * ({@link org.qbench.methods.binary.BinaryOperator#BRVE}) on every hidden conv, float first/last layers and shortcuts,
 * and the options the low-light video network reads ({@link org.qbench.methods.brve.BrveOptions}). The blocks (DABC,
 * DACA, RPReLU, shifts) live in {@code org.qbench.methods.binary}.
 */
package org.qbench.methods.brve;
