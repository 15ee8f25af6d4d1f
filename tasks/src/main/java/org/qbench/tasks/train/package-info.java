/**
 * Training and accounting shared by tasks: the cost of a trained model ({@link
 * org.qbench.tasks.train.ModelCost}) and the per-batch memory discipline of every training loop.
 */
package org.qbench.tasks.train;
