import Foundation
import Testing
@testable import TinyOpsKit

/// Parsing specs (defaults, split-out activations, errors with JSON paths) and shape inference.
@Suite struct ModelSpecTests {
    func parse(_ json: String) throws -> ModelSpec { try ModelSpec.parse(try JSONParser().parse(Array(json.utf8))) }

    func parseError(_ json: String) -> String {
        do {
            _ = try parse(json)
            return "no error"
        } catch let error as any UserFacingError {
            return error.message
        } catch {
            return "\(error)"
        }
    }

    @Test func defaultsNamesAndSplitActivations() throws {
        let spec = try parse(#"[{"type":"conv2d","filters":8,"kernel_size":3,"activation":"relu"},{"type":"max_pool","pool_size":2},{"type":"batch_norm"}]"#)
        #expect(spec.input == nil)
        #expect(spec.layers.map(\.name) == ["conv2d_0", "conv2d_0/relu", "max_pool_1", "batch_norm_2"])
        #expect(spec.layers.map(\.index) == [0, 0, 1, 2])
        #expect(spec.layers[0].kind == .conv2d(.init(filters: 8, kernel: [3, 3], strides: [1, 1], padding: .valid)))
        #expect(spec.layers[2].kind == .maxPool(.init(size: [2], strides: [2], padding: .valid)))
        #expect(spec.layers[3].kind == .batchNorm(momentum: 0.9, epsilon: 0.001))
    }

    @Test func everyModelSpecParsesAndResolves() throws {
        let directory = Fixtures.repositoryRoot + "/models"
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".json") }.sorted()
        #expect(files == ["cnn2d_small.json", "ds_cnn_kws.json", "imu_conv1d.json", "mlp.json"])
        let shapes = ["cnn2d_small.json": [8, 8, 1], "ds_cnn_kws.json": [49, 10, 1], "imu_conv1d.json": [100, 6], "mlp.json": [20]]
        for file in files {
            let spec = try ModelSpec.load(directory + "/" + file)
            let resolved = try spec.resolve(sampleShape: shapes[file]!, classes: 12)
            #expect(resolved.outputShape == [12], "\(file)")
        }
        let kws = try ModelSpec.load(directory + "/ds_cnn_kws.json").resolve(sampleShape: [49, 10, 1], classes: 12)
        #expect(kws.layers[0].outputShape == [25, 5, 64])
    }

    @Test(arguments: [
        (#"{"layers":[{"type":"Dense","units":3}]}"#, #"$.layers[0].type: unknown layer type "Dense" (did you mean "dense"?)"#),
        (#"{"layers":[{"type":"maxpool"}]}"#, #"$.layers[0].type: unknown layer type "maxpool" (did you mean "max_pool"?)"#),
        (#"{"layers":[{"type":"dense","unit":3}]}"#, "$.layers[0]: unknown key \"unit\""),
        (#"{"layers":[{"type":"dense","units":0}]}"#, "$.layers[0].units: expected a positive integer, got 0"),
        (#"{"layers":[{"type":"dense","units":"all"}]}"#, "$.layers[0].units: expected a positive integer or \"classes\", got \"all\""),
        (#"{"layers":[{"type":"conv2d","filters":2,"kernel_size":[3,3,3]}]}"#, "$.layers[0].kernel_size: expected an integer or a list of 2 integers, got 3"),
        (#"{"layers":[{"type":"conv1d","filters":2,"kernel_size":3,"padding":"full"}]}"#, "$.layers[0].padding: expected one of \"same\", \"valid\""),
        (#"{"layers":[{"type":"dropout","rate":1}]}"#, "$.layers[0].rate: expected a rate from 0 up to (not including) 1, got 1.0"),
        (#"{"layers":[{"type":"relu","name":"a"},{"type":"relu","name":"a"}]}"#, "$.layers[1].name: layer name \"a\" is used twice"),
        (#"{"layers":[]}"#, "the spec has no layers"),
        (#"{"input":[0,3],"layers":[{"type":"relu"}]}"#, "$.input[0]: expected a positive integer, got 0"),
        (#"{"layer":[]}"#, "$: unknown key \"layer\""),
    ])
    func parseErrorsNameThePath(_ json: String, _ expected: String) {
        #expect(parseError(json).hasPrefix(expected), "\(parseError(json))")
    }

    func resolveError(_ json: String, shape: [Int], classes: Int? = 3) -> String {
        do {
            _ = try parse(json).resolve(sampleShape: shape, classes: classes)
            return "no error"
        } catch let error as any UserFacingError {
            return error.message
        } catch {
            return "\(error)"
        }
    }

    @Test(arguments: [
        (#"[{"type":"conv2d","name":"c2","filters":4,"kernel_size":5}]"#, [4, 4, 8],
         "layer 0 (conv2d 'c2'): kernel 5x5 does not fit input 4x4x8"),
        (#"[{"type":"conv1d","filters":4,"kernel_size":5}]"#, [3, 2], "layer 0 (conv1d 'conv1d_0'): kernel 5 does not fit input 3x2"),
        (#"[{"type":"conv2d","filters":4,"kernel_size":3}]"#, [10, 3],
         "layer 0 (conv2d 'conv2d_0'): conv2d needs a [height, width, channels] input, got 10x3 (use conv1d for sequences)"),
        (#"[{"type":"max_pool","pool_size":[2,2]}]"#, [9, 3], "layer 0 (max_pool 'max_pool_0'): pool 2x2 has 2 axes but input 9x3 has 1"),
        (#"[{"type":"flatten"},{"type":"avg_pool","pool_size":2}]"#, [4, 4, 1],
         "layer 1 (avg_pool 'avg_pool_1'): avg_pool needs a [length, channels] or [height, width, channels] input, got 16"),
        (#"[{"type":"conv2d","name":"a","filters":4,"kernel_size":1},{"type":"conv2d","filters":4,"kernel_size":3},{"type":"add","from":"a"}]"#,
         [5, 5, 1], "layer 2 (add 'add_2'): cannot add 'a' of shape 5x5x4 to its input of shape 3x3x4"),
        (#"[{"type":"flatten"},{"type":"dense","units":2}]"#, [4], "layer 1 (dense 'dense_1'): the model's output is 2 but the dataset has 3 classes"),
    ])
    func shapeErrorsNameTheLayerAndBothShapes(_ json: String, _ shape: [Int], _ expected: String) {
        #expect(resolveError(json, shape: shape) == expected)
    }

    @Test func samePaddingStridesAndPoolsResolve() throws {
        let spec = try parse(#"{"input":[49,10,1],"layers":[{"type":"conv2d","filters":8,"kernel_size":[10,4],"strides":2,"padding":"same"},{"type":"max_pool","pool_size":[2,1],"padding":"same"},{"type":"separable_conv2d","filters":5,"kernel_size":3,"depth_multiplier":2},{"type":"global_avg_pool"},{"type":"dense","units":"classes"}]}"#)
        let model = try spec.resolve(sampleShape: [49, 10, 1], classes: 4)
        #expect(model.layers.map(\.outputShape) == [[25, 5, 8], [13, 5, 8], [11, 3, 5], [5], [4]])
        #expect(throws: ModelSpecError.inputMismatch(spec: [49, 10, 1], data: [49, 10])) {
            try spec.resolve(sampleShape: [49, 10], classes: 4)
        }
    }
}
