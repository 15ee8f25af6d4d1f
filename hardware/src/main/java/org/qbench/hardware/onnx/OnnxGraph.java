package org.qbench.hardware.onnx;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A mutable builder of one ONNX model (default domain, opset {@value #OPSET}) on the ONNX protobuf classes: typed
 * inputs and outputs, initializers of the four element types quantized graphs need (float, int8, uint8, int32),
 * and nodes with int, ints and float attributes. Every name it hands out is unique; {@link #toBytes()} gives the
 * serialized {@code ModelProto}.
 *
 * <p>Opset 17: per-axis {@code QuantizeLinear}/{@code DequantizeLinear} (13+) and every standard op the exporter
 * uses; ONNX Runtime 1.23 runs it.
 */
public final class OnnxGraph {

    /** The default-domain opset the models declare. */
    public static final int OPSET = 17;

    /** ONNX element types this builder writes. */
    public enum ElementType {
        /** 32-bit float. */
        FLOAT(TensorProto.DataType.FLOAT),
        /** Signed 8-bit integer. */
        INT8(TensorProto.DataType.INT8),
        /** Unsigned 8-bit integer. */
        UINT8(TensorProto.DataType.UINT8),
        /** Signed 32-bit integer. */
        INT32(TensorProto.DataType.INT32),
        /** Signed 64-bit integer (shape operands). */
        INT64(TensorProto.DataType.INT64);

        final TensorProto.DataType proto;

        ElementType(TensorProto.DataType proto) {
            this.proto = proto;
        }
    }

    private final OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder();
    private final Set<String> names = new HashSet<>();
    private final Map<String, Integer> counters = new LinkedHashMap<>();

    /** An empty graph called {@code name}. */
    public OnnxGraph(String name) {
        graph.setName(name);
    }

    /** A fresh name starting with {@code prefix}. */
    public String fresh(String prefix) {
        String name;
        do {
            int n = counters.merge(prefix, 1, Integer::sum);
            name = n == 1 ? prefix : prefix + "_" + n;
        } while (!names.add(name));
        return name;
    }

    /** A graph input of the given type and shape; a dimension below 0 is symbolic ({@code "N"}). */
    public String input(String name, ElementType type, long... shape) {
        graph.addInput(valueInfo(claim(name), type, shape));
        return name;
    }

    /** Declares {@code name}, a value some node produces, as a graph output of the given shape. */
    public void output(String name, ElementType type, long... shape) {
        graph.addOutput(valueInfo(name, type, shape));
    }

    /** Declares {@code name} as a graph output whose shape the runtime infers. */
    public void output(String name, ElementType type) {
        OnnxMl.TypeProto.Tensor.Builder tensor = OnnxMl.TypeProto.Tensor.newBuilder().setElemType(type.proto.getNumber());
        graph.addOutput(OnnxMl.ValueInfoProto.newBuilder().setName(name)
                .setType(OnnxMl.TypeProto.newBuilder().setTensorType(tensor)).build());
    }

    /** A float initializer (a weight or a scale); a scalar when {@code shape} is empty. */
    public String floats(String prefix, float[] values, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return initializer(prefix, ElementType.FLOAT, b, shape);
    }

    /** An int8 or uint8 initializer from integer codes, which must fit the type. */
    public String bytes(String prefix, ElementType type, int[] codes, long... shape) {
        int lo = type == ElementType.INT8 ? -128 : 0;
        int hi = type == ElementType.INT8 ? 127 : 255;
        ByteBuffer b = ByteBuffer.allocate(codes.length);
        for (int c : codes) {
            if (c < lo || c > hi) {
                throw new IllegalArgumentException("code " + c + " does not fit " + type);
            }
            b.put((byte) c);
        }
        return initializer(prefix, type, b, shape);
    }

    /** An int32 initializer. */
    public String ints(String prefix, int[] values, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            b.putInt(v);
        }
        return initializer(prefix, ElementType.INT32, b, shape);
    }

    /** An int64 initializer (shapes, axes). */
    public String longs(String prefix, long[] values, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        return initializer(prefix, ElementType.INT64, b, shape);
    }

    /**
     * A node of the default domain; returns its (single) output's name.
     *
     * @param op the operator, e.g. {@code "Conv"}
     * @param inputs input names; an empty string is an omitted optional input
     * @param attributes attribute values: {@code Integer}/{@code Long}, {@code Float}, {@code long[]} or {@code String}
     */
    public String node(String op, List<String> inputs, Map<String, Object> attributes) {
        String out = fresh(op.toLowerCase(java.util.Locale.ROOT));
        NodeProto.Builder node = NodeProto.newBuilder().setOpType(op).setName(fresh("n_" + out)).addOutput(out);
        inputs.forEach(node::addInput);
        attributes.forEach((k, v) -> node.addAttribute(attribute(k, v)));
        graph.addNode(node);
        return out;
    }

    /** A node without attributes. */
    public String node(String op, String... inputs) {
        return node(op, List.of(inputs), Map.of());
    }

    /** Gives a node output a second name (an {@code Identity}), e.g. to name the graph's output. */
    public String rename(String value, String name) {
        NodeProto.Builder node = NodeProto.newBuilder().setOpType("Identity").setName(fresh("n_" + name))
                .addInput(value).addOutput(claim(name));
        graph.addNode(node);
        return name;
    }

    /** The serialized model: IR version 8, opset {@value #OPSET}, produced by qbench. */
    public byte[] toBytes() {
        return OnnxMl.ModelProto.newBuilder()
                .setIrVersion(8)
                .setProducerName("qbench")
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph)
                .build()
                .toByteArray();
    }

    /** How many nodes of operator {@code op} the graph has so far. */
    public long count(String op) {
        return graph.getNodeList().stream().filter(n -> n.getOpType().equals(op)).count();
    }

    private String claim(String name) {
        if (!names.add(name)) {
            throw new IllegalArgumentException("the name " + name + " is taken");
        }
        return name;
    }

    private String initializer(String prefix, ElementType type, ByteBuffer data, long... shape) {
        String name = fresh(prefix);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type.proto.getNumber())
                .setRawData(ByteString.copyFrom(data.array()));
        for (long d : shape) {
            t.addDims(d);
        }
        graph.addInitializer(t);
        return name;
    }

    private static OnnxMl.ValueInfoProto valueInfo(String name, ElementType type, long... shape) {
        OnnxMl.TensorShapeProto.Builder dims = OnnxMl.TensorShapeProto.newBuilder();
        for (long d : shape) {
            dims.addDim(d < 0 ? OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("N")
                    : OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        OnnxMl.TypeProto.Tensor.Builder tensor = OnnxMl.TypeProto.Tensor.newBuilder()
                .setElemType(type.proto.getNumber()).setShape(dims);
        return OnnxMl.ValueInfoProto.newBuilder().setName(name)
                .setType(OnnxMl.TypeProto.newBuilder().setTensorType(tensor)).build();
    }

    private static AttributeProto attribute(String name, Object value) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name);
        if (value instanceof Integer || value instanceof Long) {
            a.setType(AttributeProto.AttributeType.INT).setI(((Number) value).longValue());
        } else if (value instanceof Float || value instanceof Double) {
            a.setType(AttributeProto.AttributeType.FLOAT).setF(((Number) value).floatValue());
        } else if (value instanceof long[] ints) {
            a.setType(AttributeProto.AttributeType.INTS);
            for (long i : ints) {
                a.addInts(i);
            }
        } else if (value instanceof String s) {
            a.setType(AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8(s));
        } else {
            throw new IllegalArgumentException("attribute " + name + ": unsupported value " + value);
        }
        return a.build();
    }
}
