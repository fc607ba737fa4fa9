import Foundation
import Testing
@testable import TinyOpsKit

@Suite struct LayerErrorReportTests {
    @Test func everyLayerOfAGoodQuantizationIsClose() throws {
        let float = try Fixtures.model("conv1d_float.tflite")
        let samples = QuantizerTests.samples(for: float, count: 48, seed: 5)
        let int8 = try Quantizer.quantize(float, samples: samples)
        let report = try LayerErrorReport(float: float, int8: int8, samples: samples.map { $0[0] })
        #expect(report.layers.count == float.main.operators.count)
        #expect(report.layers.map(\.op) == float.main.operators.map(\.opcode.name))
        for layer in report.layers {
            #expect(layer.sqnr > LayerErrorReport.warningSQNR, "\(layer.index) \(layer.op): \(layer.sqnr) dB")
            #expect(layer.cosine > 0.99)
        }
        #expect(report.text().contains("  <- loses accuracy") == false)
    }

    @Test func aBrokenLayerIsFlagged() throws {
        let float = try Fixtures.model("mlp_float.tflite")
        let samples = QuantizerTests.samples(for: float, count: 32, seed: 9)
        var int8 = try Quantizer.quantize(float, samples: samples)
        // Halve the second dense layer's weight scales: its outputs come out wrong by 2×.
        let op = int8.main.operators[1]
        let filter = Int(op.inputs[1])
        int8.subgraphs[0].tensors[filter].quantization!.scale = int8.main.tensors[filter].quantization!.scale.map { $0 / 2 }
        if op.inputs.count > 2, op.inputs[2] >= 0 {
            let bias = Int(op.inputs[2])
            int8.subgraphs[0].tensors[bias].quantization!.scale = int8.main.tensors[bias].quantization!.scale.map { $0 / 2 }
        }
        let report = try LayerErrorReport(float: float, int8: int8, samples: samples.map { $0[0] })
        #expect(report.layers[0].sqnr > LayerErrorReport.warningSQNR)
        #expect(report.layers[1].sqnr < LayerErrorReport.warningSQNR, "\(report.layers[1].sqnr)")
        #expect(report.text().contains("  <- loses accuracy"))
    }
}
