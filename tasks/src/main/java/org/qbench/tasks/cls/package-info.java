/**
 * CNN image classification: the {@code cls-fmnist} task (Fashion-MNIST, a CIFAR-style ResNet trained from
 * scratch, top-1 on the test set), its budget-dependent recipe and its training loop.
 */
package org.qbench.tasks.cls;
