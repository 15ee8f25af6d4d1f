/** Bicubic interpolation, the network-free reference row of super-resolution tables. */
package org.qbench.methods.bicubic;
