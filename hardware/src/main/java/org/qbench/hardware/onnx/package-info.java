/**
 * ONNX graphs and ONNX Runtime: {@link org.qbench.hardware.onnx.OnnxGraph} builds a model with the ONNX protobuf
 * classes (no hand-written serializer), {@link org.qbench.hardware.onnx.OrtModel} runs one on ONNX Runtime's CPU
 * provider with a fixed thread count, and {@link org.qbench.hardware.onnx.Latency} times it the way the kernels
 * are timed (warm-up, repeated measurement, error). The {@code ort-cpu} profile and the model exporter build on
 * them.
 */
package org.qbench.hardware.onnx;
