package org.qbench.methods;

/**
 * A transformer's request for a quantizer on its residual stream ({@code [B, tokens, channels]}), answered through
 * {@link LayerFactory#custom} by methods that quantize the residual links (PackQViT's outlier-aware residual
 * quantization); every other method answers empty and the model adds nothing. The block maps one tensor to one
 * tensor of the same shape.
 *
 * @param role {@link LayerRole#ATTENTION} for the stream entering a block's attention half (the model then
 *     replaces the stream by the quantized one, so skip and attention both see it), {@link LayerRole#MLP} for the
 *     input of the MLP half's LayerNorm (the skip keeps the unquantized stream)
 * @param block the transformer block's index, from 0
 * @param channels the stream's width
 */
public record ResidualStreamRequest(LayerRole role, int block, int channels) implements BlockRequest {}
