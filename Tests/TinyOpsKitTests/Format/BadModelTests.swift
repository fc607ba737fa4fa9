import Foundation
import Testing
@testable import TinyOpsKit

/// Hostile and broken files: every case must end in a `UserFacingError` (never a crash or a
/// hang), and a model that does decode must also survive writing and inspection.
@Suite struct BadModelTests {
    /// Decodes, and if that succeeds, exercises everything downstream that walks the IR.
    private func survive(_ bytes: [UInt8]) -> Result<Void, any Error> {
        Result {
            let model = try TFLiteReader.decode(bytes)
            _ = try TFLiteWriter.encode(model)
            let inspection = ModelInspection(LoadedModel(path: "x.tflite", fileBytes: bytes.count, model: model))
            _ = try inspection.text()
            _ = try inspection.json()
        }
    }

    @Test func everyTruncationIsAnError() throws {
        let bytes = try Fixtures.bytes("mlp_int8.tflite")
        for length in 0..<bytes.count {
            switch survive(Array(bytes[..<length])) {
            case .success: Issue.record("truncated to \(length) of \(bytes.count) bytes, the file still decoded")
            case .failure(let error): #expect(error is any UserFacingError, "length \(length): \(error)")
            }
        }
    }

    @Test func randomByteFlipsNeverCrash() throws {
        let fixtures = ["cnn2d_int8.tflite", "conv1d_float.tflite", "residual_int8.tflite"]
        var decodedAnyway = 0
        var trials = 0
        for (f, name) in fixtures.enumerated() {
            let original = try Fixtures.bytes(name)
            var generator = SeededGenerator(seed: 0xF11B + UInt64(f))
            for trial in 0..<1500 {
                var bytes = original
                // Flip 1 to 8 bytes, biased to the flatbuffer tables at the start of the file.
                for _ in 0..<Int.random(in: 1...8, using: &generator) {
                    let limit = Bool.random(using: &generator) ? min(bytes.count, 512) : bytes.count
                    bytes[Int.random(in: 0..<limit, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
                }
                trials += 1
                switch survive(bytes) {
                case .success: decodedAnyway += 1
                case .failure(let error):
                    #expect(error is any UserFacingError, "\(name) trial \(trial): \(error)")
                }
            }
        }
        // Flips inside weight data leave a valid model; most others are caught.
        print("byte flips: \(trials) trials, \(decodedAnyway) still decoded, \(trials - decodedAnyway) rejected")
    }

    @Test func emptyAndNonFlatbufferFiles() {
        #expect(throws: FlatBufferError.tooSmall(size: 0)) { try TFLiteReader.decode([]) }
        let text = Array("timestamp,accX,accY,accZ\n0,0.1,0.2,9.8\n".utf8)
        #expect(throws: FlatBufferError.wrongIdentifier(expected: "TFL3", found: Array("stam".utf8))) {
            try TFLiteReader.decode(text)
        }
    }

    @Test func outOfRangeTensorIndexIsNamed() throws {
        let bytes = RawModel(operatorInputs: [0, 99]).bytes()
        let error = try #require(throws: TFLiteError.self) { try TFLiteReader.decode(bytes) }
        #expect(error == .indexOutOfRange(path: "subgraphs[0].operators[0] (FULLY_CONNECTED).inputs", what: "tensor",
                                          index: 99, count: 2))
        #expect(error.message == "invalid model: subgraphs[0].operators[0] (FULLY_CONNECTED).inputs: tensor index 99 is out of range (the model has 2)")
    }

    @Test func outOfRangeBufferIndexIsNamed() throws {
        let error = try #require(throws: TFLiteError.self) { try TFLiteReader.decode(RawModel(tensorBuffer: 7).bytes()) }
        #expect(error == .indexOutOfRange(path: "Model.subgraphs[0].tensors[0]", what: "buffer", index: 7, count: 1))
    }

    @Test func outOfRangeOpcodeIndexIsNamed() throws {
        let error = try #require(throws: TFLiteError.self) { try TFLiteReader.decode(RawModel(opcodeIndex: 5).bytes()) }
        #expect(error == .indexOutOfRange(path: "Model.subgraphs[0].operators[0]", what: "opcode", index: 5, count: 1))
    }

    @Test func outOfRangeSubgraphInputIsNamed() throws {
        let error = try #require(throws: TFLiteError.self) { try TFLiteReader.decode(RawModel(subgraphInputs: [-3]).bytes()) }
        #expect(error == .indexOutOfRange(path: "subgraphs[0].inputs", what: "tensor", index: -3, count: 2))
    }

    @Test func dataSizeMismatchIsNamed() throws {
        let error = try #require(throws: TFLiteError.self) {
            try TFLiteReader.decode(RawModel(tensorBuffer: 1, bufferData: [1, 2, 3]).bytes())
        }
        #expect(error.message.contains("buffer holds 3 bytes but shape [1, 4] of float32 needs 16"))
    }

    @Test func offsetPastTheEndIsNamed() throws {
        var bytes = RawModel().bytes()
        // Point the root offset past the end of the file.
        let huge = UInt32(bytes.count + 100).littleEndian
        withUnsafeBytes(of: huge) { for i in 0..<4 { bytes[i] = $0[i] } }
        let error = try #require(throws: FlatBufferError.self) { try TFLiteReader.decode(bytes) }
        #expect(error.message.hasPrefix("truncated or corrupt flatbuffer: Model at byte"))
    }

    @Test func negativeDimensionsAreRejected() throws {
        let error = try #require(throws: TFLiteError.self) { try TFLiteReader.decode(RawModel(shape: [1, -4]).bytes()) }
        #expect(error.message.contains("negative dimension -4"))
    }
}

/// A minimal model assembled field by field, so tests can put values in it that the
/// writer (which validates) would refuse: one FULLY_CONNECTED op over two tensors.
struct RawModel {
    var operatorInputs: [Int32] = [0]
    var subgraphInputs: [Int32] = [0]
    var opcodeIndex: UInt32 = 0
    var tensorBuffer: UInt32 = 0
    var bufferData: [UInt8]? = nil
    var shape: [Int32] = [1, 4]

    func bytes() -> [UInt8] {
        var fb = FlatBufferBuilder()
        let tensors = (0..<2).map { t -> FlatBufferBuilder.Offset in
            let shapeVector = fb.createVector(shape)
            let name = fb.createString("t\(t)")
            fb.startTable()
            fb.add(0, shapeVector)
            fb.add(2, t == 0 ? tensorBuffer : 0)
            fb.add(3, name)
            return fb.endTable()
        }
        let inputs = fb.createVector(operatorInputs)
        let outputs = fb.createVector([Int32(1)])
        fb.startTable()
        fb.add(0, opcodeIndex)
        fb.add(1, inputs)
        fb.add(2, outputs)
        let op = fb.endTable()
        let tensorVector = fb.createVector(offsets: tensors)
        let subgraphInputVector = fb.createVector(subgraphInputs)
        let subgraphOutputVector = fb.createVector([Int32(1)])
        let operatorVector = fb.createVector(offsets: [op])
        fb.startTable()
        fb.add(0, tensorVector)
        fb.add(1, subgraphInputVector)
        fb.add(2, subgraphOutputVector)
        fb.add(3, operatorVector)
        let subgraph = fb.endTable()
        fb.startTable()
        fb.add(0, Int8(9))
        fb.add(3, Int32(9))
        let code = fb.endTable()
        var buffers = [FlatBufferBuilder.Offset]()
        fb.startTable()
        buffers.append(fb.endTable())
        if let bufferData {
            let data = fb.createByteVector(bufferData, alignment: 16)
            fb.startTable()
            fb.add(0, data)
            buffers.append(fb.endTable())
        }
        let codes = fb.createVector(offsets: [code])
        let subgraphs = fb.createVector(offsets: [subgraph])
        let bufferVector = fb.createVector(offsets: buffers)
        fb.startTable()
        fb.add(0, UInt32(3))
        fb.add(1, codes)
        fb.add(2, subgraphs)
        fb.add(4, bufferVector)
        let root = fb.endTable()
        return fb.finish(root: root, fileIdentifier: "TFL3")
    }
}
