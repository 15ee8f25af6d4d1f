/** The noisy-input reference row of low-light tables: no network, the input measured as an output. */
package org.qbench.methods.noisy;
