/// Which layer loses accuracy when quantized: every operator's int8 output (from
/// TinyOpsRuntime, dequantized) against the float model's output for the same op, on the
/// same samples. The int8 model must come from `Quantizer` on this float model, so
/// operators correspond one to one (after the QUANTIZE prologue of `--io float`).
public struct LayerErrorReport: Sendable {
    public struct Layer: Sendable, Equatable {
        public var index: Int
        public var op: String
        public var tensor: String
        /// Signal-to-quantization-noise ratio in dB over all samples (higher is better).
        public var sqnr: Double
        /// Mean cosine similarity between float and dequantized int8 outputs.
        public var cosine: Double
        public var maxAbsError: Float
        /// Quantization step of the output (its scale), for scale of the errors.
        public var scale: Float
    }

    public var layers: [Layer]
    public var samples: Int

    /// Layers whose SQNR falls below this are flagged (int8 rounding alone gives ~40 dB).
    public static let warningSQNR = 20.0

    public init(float floatModel: Model, int8 int8Model: Model, samples: [[Float]]) throws {
        let interpreter = try FloatInterpreter(floatModel)
        let floatModel = interpreter.model  // shape-folded, as the quantizer saw it
        let prologue = int8Model.main.operators.prefix { $0.builtin == .quantize }.count
        let floatOps = floatModel.main.operators
        // The debug copy lists every op output as a graph output, so the planner keeps them
        // all alive and the runtime hands each back after one invoke.
        var debug = int8Model
        let observed = (0..<floatOps.count).map { debug.main.operators[$0 + prologue].outputs[0] }
        debug.subgraphs[0].outputs = observed
        debug.signatureDefs = []
        let runtime = try RuntimeInterpreter(modelBytes: try TFLiteWriter.encode(debug))
        let input = runtime.inputs[0]

        var signal = [Double](repeating: 0, count: floatOps.count), noise = signal, cosine = signal
        var maxError = [Float](repeating: 0, count: floatOps.count)
        for sample in samples {
            var reference = [[Float]](repeating: [], count: floatOps.count)
            _ = try interpreter.run([sample]) { op, _, values in reference[op] = Array(values) }
            if input.type == .int8 {
                let (scale, zp) = (input.scale ?? 1, Int64(input.zeroPoint ?? 0))
                try runtime.setInput(0, int8: sample.map { QuantizationMath.quantize($0, scale: scale, zeroPoint: zp) })
            } else {
                try runtime.setInput(0, float32: sample)
            }
            runtime.invoke()
            for op in 0..<floatOps.count {
                let info = runtime.outputs[op]
                let dequantized: [Float] = info.type == .int8
                    ? runtime.int8Output(op).map { (Float($0) - Float(info.zeroPoint ?? 0)) * (info.scale ?? 1) }
                    : runtime.float32Output(op)
                for (r, q) in zip(reference[op], dequantized) {
                    signal[op] += Double(r) * Double(r)
                    noise[op] += Double(r - q) * Double(r - q)
                    maxError[op] = max(maxError[op], abs(r - q))
                }
                cosine[op] += QuantizationMath.cosine(reference[op], dequantized)
            }
        }
        let tensors = int8Model.main.tensors
        layers = floatOps.indices.map { op in
            let tensor = tensors[Int(observed[op])]
            let sqnr = noise[op] > 0 ? 10 * log10(signal[op] / noise[op]) : .infinity
            return Layer(index: op, op: floatOps[op].opcode.name, tensor: tensor.name, sqnr: sqnr,
                         cosine: samples.isEmpty ? 1 : cosine[op] / Double(samples.count), maxAbsError: maxError[op],
                         scale: tensor.quantization?.scale.first ?? 0)
        }
        self.samples = samples.count
    }

    public func json() -> JSONValue {
        .array(layers.map { layer in
            [
                "index": .int(layer.index),
                "op": .string(layer.op),
                "tensor": .string(layer.tensor),
                "sqnr_db": layer.sqnr.isFinite ? .number((layer.sqnr * 100).rounded() / 100) : .null,
                "cosine": .number((layer.cosine * 1e6).rounded() / 1e6),
                "max_abs_error": .float(layer.maxAbsError),
                "scale": .float(layer.scale),
            ]
        })
    }

    public func text() -> String {
        var lines = ["per-layer quantization error (float vs int8 output, \(samples) samples; SQNR below "
                     + "\(Int(Self.warningSQNR)) dB is flagged)",
                     "   #  op                   SQNR dB   cosine    max |err|   scale"]
        for layer in layers {
            let sqnr = layer.sqnr.isFinite ? String(format: "%7.2f", layer.sqnr) : "  exact"
            let flag = layer.sqnr < Self.warningSQNR ? "  <- loses accuracy" : ""
            let op = layer.op + String(repeating: " ", count: max(0, 20 - layer.op.count))
            lines.append(String(layer.index).leftPadded(4) + "  " + op + " " + sqnr
                         + String(format: "  %7.5f  %10.6g  %8.4g", layer.cosine, Double(layer.maxAbsError), Double(layer.scale)) + flag)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

import Foundation
