package org.qbench.methods;

/**
 * A model's request for a block that only some methods define (a binarized block carrying its own scaling,
 * a quantized softmax variant), passed to {@link LayerFactory#custom}. Each kind of request is a record in
 * this module that both the model and the method that answers it can see; it carries everything the method
 * needs to build the block (a {@link ConvSpec}, say). A method recognises the requests it answers by their
 * type and ignores the rest.
 */
public interface BlockRequest {

    /** What the requested block does in the network. */
    LayerRole role();
}
