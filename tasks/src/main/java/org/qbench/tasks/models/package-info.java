/**
 * Task models, built only from the layers a method's {@link org.qbench.methods.LayerFactory} supplies plus
 * method-independent pieces (batch norm, ReLU, pooling), so no model branches on the method.
 */
package org.qbench.tasks.models;
