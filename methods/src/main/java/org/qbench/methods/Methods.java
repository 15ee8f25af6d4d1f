package org.qbench.methods;

import java.util.Collection;
import java.util.List;
import org.qbench.methods.bibench.BinaryOperatorMethod;
import org.qbench.methods.bicubic.BicubicMethod;
import org.qbench.methods.binary.BinaryOperator;
import org.qbench.methods.brve.BrveMethod;
import org.qbench.methods.dorefa.DorefaMethod;
import org.qbench.methods.fp32.Fp32Method;
import org.qbench.methods.lsq.LsqMethod;
import org.qbench.methods.lsqplus.LsqPlusMethod;
import org.qbench.methods.n2uq.N2uqMethod;
import org.qbench.methods.noisy.NoisyInputMethod;
import org.qbench.methods.pams.PamsMethod;
import org.qbench.methods.packqvit.PackQvitMethod;
import org.qbench.methods.pact.PactMethod;
import org.qbench.methods.quantsr.QuantsrMethod;

/**
 * The registry of quantization methods. Adding a method means adding it to {@link #builtIn()}; there is no
 * classpath scanning.
 */
public final class Methods {

    // Registration order is the tables' row order: the network-free references first (bicubic, the noisy input), as
    // SR and low-light tables show them.
    private static final Methods BUILT_IN = new Methods(new BicubicMethod(), new NoisyInputMethod(), new Fp32Method(),
            new DorefaMethod(), new PactMethod(), new LsqMethod(), new LsqPlusMethod(), new PackQvitMethod(), new N2uqMethod(),
            new QuantsrMethod(), new PamsMethod(), new BrveMethod(),
            new BinaryOperatorMethod(BinaryOperator.BNN), new BinaryOperatorMethod(BinaryOperator.XNOR),
            new BinaryOperatorMethod(BinaryOperator.DOREFA), new BinaryOperatorMethod(BinaryOperator.BIREAL),
            new BinaryOperatorMethod(BinaryOperator.REACT));

    private final Registry<QuantMethod> registry;

    /**
     * A registry of the given methods, in the given order.
     *
     * @throws IllegalArgumentException on a duplicate id
     */
    public Methods(QuantMethod... methods) {
        this.registry = new Registry<>("method", QuantMethod::id, List.of(methods));
    }

    /** Every method shipped with qbench. */
    public static Methods builtIn() {
        return BUILT_IN;
    }

    /**
     * The method with this id.
     *
     * @throws IllegalArgumentException for an unknown id, listing the known ones
     */
    public QuantMethod get(String id) {
        return registry.get(id);
    }

    /** The method with this id, if one is registered. */
    public java.util.Optional<QuantMethod> find(String id) {
        return registry.find(id);
    }

    /** All methods, in registration order. */
    public Collection<QuantMethod> all() {
        return registry.all();
    }
}
