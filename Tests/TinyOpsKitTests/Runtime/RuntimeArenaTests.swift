import Foundation
import Testing
import TinyOpsKit
import TinyOpsRuntime

/// tinyops_plan is exact: the planned arena is what init uses, one byte less fails cleanly
/// with the needed size, and an unaligned arena costs exactly its alignment padding.
@Suite struct RuntimeArenaTests {
    static let models: [(name: String, bytes: [UInt8])] = {
        let fixtures = Fixtures.runnable.filter { $0.hasSuffix("_int8.tflite") }.map { ($0, (try? Fixtures.bytes($0)) ?? []) }
        let ops = RuntimeOpCases.all.enumerated().map { m, opCase -> (String, [UInt8]) in
            var builder = OpModelBuilder(seed: UInt64(1000 + m))
            let (inputs, outputs) = opCase.build(&builder)
            return (opCase.name, (try? TFLiteWriter.encode(builder.model(inputs: inputs, outputs: outputs))) ?? [])
        }
        return fixtures + ops
    }()

    @Test func plannedArenaIsExactlyWhatInitUses() throws {
        for (name, bytes) in Self.models {
            let plan = try RuntimePlan.compute(modelBytes: bytes)
            let interpreter = try RuntimeInterpreter(modelBytes: bytes, arenaBytes: plan.arenaBytes)
            for (k, input) in interpreter.inputs.enumerated() {
                try interpreter.setInput(k, bytes: UnsafeRawBufferPointer(start: [UInt8](repeating: 3, count: input.byteCount),
                                                                          count: input.byteCount))
            }
            interpreter.invoke()
            #expect(interpreter.arenaBytesUsed == plan.arenaBytes, "\(name)")
            #expect(plan.arenaBytes == plan.recordBytes + max(plan.activationBytes, plan.plannerBytes), "\(name)")
        }
    }

    @Test func oneByteLessFailsWithTheNeededSize() throws {
        for (name, bytes) in Self.models {
            let plan = try RuntimePlan.compute(modelBytes: bytes)
            #expect(throws: RuntimeError.arenaTooSmall(needed: plan.arenaBytes, available: plan.arenaBytes - 1), "\(name)") {
                _ = try RuntimeInterpreter(modelBytes: bytes, arenaBytes: plan.arenaBytes - 1)
            }
            #expect(throws: RuntimeError.self, "\(name) with no arena") {
                _ = try RuntimeInterpreter(modelBytes: bytes, arenaBytes: 0)
            }
        }
    }

    @Test func unalignedArenaCostsItsPadding() throws {
        let bytes = try Fixtures.bytes("cnn2d_int8.tflite")
        let plan = try RuntimePlan.compute(modelBytes: bytes)
        let model = UnsafeMutableRawPointer.allocate(byteCount: bytes.count, alignment: 16)
        let arena = UnsafeMutableRawPointer.allocate(byteCount: plan.arenaBytes + 16, alignment: 16)
        let state = UnsafeMutablePointer<tinyops_interpreter>.allocate(capacity: 1)
        defer {
            model.deallocate()
            arena.deallocate()
            state.deallocate()
        }
        model.copyMemory(from: bytes, byteCount: bytes.count)
        let modelBytes = model.assumingMemoryBound(to: UInt8.self)
        for offset in 0..<4 {
            let start = arena.assumingMemoryBound(to: UInt8.self) + offset
            let padding = (4 - offset) % 4
            #expect(tinyops_init(state, modelBytes, bytes.count, start, plan.arenaBytes + padding) == TINYOPS_OK)
            #expect(tinyops_arena_used(state) == plan.arenaBytes + padding)
            #expect(tinyops_invoke(state) == TINYOPS_OK)
            if padding > 0 {
                #expect(tinyops_init(state, modelBytes, bytes.count, start, plan.arenaBytes + padding - 1) == TINYOPS_ERR_ARENA_TOO_SMALL)
            }
        }
    }

    @Test func activationsShareMemoryByLifetime() throws {
        // cnn2d is a chain: the largest pair live together is the depthwise output
        // (8x8x8) and the 1x1 conv output (8x8x12) at operator 2: 512 + 768 bytes.
        let plan = try RuntimePlan.compute(modelBytes: try Fixtures.bytes("cnn2d_int8.tflite"))
        #expect(plan.activationBytes == 1280)
        for name in Fixtures.runnable where name.hasSuffix("_int8.tflite") {
            let model = try Fixtures.model(name)
            let plan = try RuntimePlan.compute(modelBytes: try Fixtures.bytes(name))
            let activations = model.main.tensors.filter { !$0.isConstant }
            let sum = activations.reduce(0) { $0 + ($1.byteCount ?? 0) }
            // No planner goes below the tensors one operator touches at once (reshape-like
            // operators excepted: their output shares the input's bytes).
            let aliasing: Set<BuiltinOperator> = [.reshape, .squeeze, .expandDims]
            let lowerBound = model.main.operators.filter { !aliasing.contains($0.builtin ?? .custom) }.map { (op: Operator) -> Int in
                let touched = Set((op.inputs + op.outputs).filter { $0 >= 0 && !model.main.tensors[Int($0)].isConstant })
                return touched.reduce(0) { (total: Int, index: Int32) in total + (model.main.tensors[Int(index)].byteCount ?? 0) }
            }.max() ?? 0
            #expect(plan.activationBytes >= lowerBound && plan.activationBytes < sum,
                    "\(name): planned \(plan.activationBytes), bound \(lowerBound), sum \(sum)")
        }
    }

    @Test func planNeedsAWorkBufferAndSaysHowLarge() throws {
        let bytes = try Fixtures.bytes("mlp_int8.tflite")
        var info = tinyops_plan_info()
        var error = tinyops_error()
        let status = bytes.withUnsafeBufferPointer { tinyops_plan($0.baseAddress, $0.count, nil, 0, &info, &error) }
        #expect(status == TINYOPS_ERR_WORK_TOO_SMALL)
        #expect(info.work_bytes == Int(info.tensor_count) * 16 + 3)
        #expect(info.record_bytes > 0 && info.arena_bytes == 0)
        #expect(error.needed == UInt64(info.work_bytes))
    }
}
