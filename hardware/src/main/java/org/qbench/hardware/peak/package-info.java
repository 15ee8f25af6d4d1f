/** Peak throughput of the machine at hand, derived from what the CPU reports, with the formula. */
package org.qbench.hardware.peak;
