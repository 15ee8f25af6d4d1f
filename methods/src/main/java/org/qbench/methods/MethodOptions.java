package org.qbench.methods;

/**
 * A method's typed options: a variant or ablation of the method, such as LSQ without its step-size gradient
 * scale. Implementations are small immutable records in the method's package whose defaults reproduce the
 * method as published; a method declares its type with {@link QuantMethod#optionsType()}, and a config without
 * options ({@code null}) means those defaults. This module has no JSON dependency: the harness, which owns
 * the JSON form, is to register each method's options type under the method's id.
 */
public interface MethodOptions {}
