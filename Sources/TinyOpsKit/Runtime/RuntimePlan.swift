import TinyOpsRuntime

/// The arena TinyOpsRuntime needs for a model, computed without running it
/// (`tinyops_plan`). The figures are the same on a 64-bit host and a 32-bit
/// microcontroller, and `arenaBytes` is exactly what `tinyops_init` then uses.
public struct RuntimePlan: Sendable, Equatable {
    /// Bytes `tinyops_init` needs (arena aligned to 4 bytes).
    public let arenaBytes: Int
    /// Prepared operator records, the operator table and the I/O references.
    public let recordBytes: Int
    /// Activation tensors after lifetime planning.
    public let activationBytes: Int
    /// The planner's working set during init (it reuses the activation region).
    public let plannerBytes: Int
    public let operatorCount: Int
    public let tensorCount: Int

    /// Plans `modelBytes` (a `.tflite` file's contents).
    public static func compute(modelBytes: [UInt8]) throws(RuntimeError) -> RuntimePlan {
        let model = AlignedBytes(modelBytes)
        defer { model.deallocate() }
        var info = tinyops_plan_info()
        var error = tinyops_error()
        _ = tinyops_plan(model.pointer, model.count, nil, 0, &info, &error)
        guard error.status == TINYOPS_ERR_WORK_TOO_SMALL else { throw RuntimeError(error) }
        let work = UnsafeMutableRawPointer.allocate(byteCount: max(1, info.work_bytes), alignment: 16)
        defer { work.deallocate() }
        guard tinyops_plan(model.pointer, model.count, work, info.work_bytes, &info, &error) == TINYOPS_OK else {
            throw RuntimeError(error)
        }
        return RuntimePlan(arenaBytes: info.arena_bytes, recordBytes: info.record_bytes,
                           activationBytes: info.activation_bytes, plannerBytes: info.planner_bytes,
                           operatorCount: Int(info.operator_count), tensorCount: Int(info.tensor_count))
    }
}

/// A copy of some bytes in a 16-byte aligned allocation, as the runtime wants models
/// (constant int32/float data must be 4-byte aligned in memory). Deallocate explicitly.
struct AlignedBytes {
    let pointer: UnsafeMutablePointer<UInt8>
    let count: Int

    init(_ bytes: [UInt8]) {
        count = bytes.count
        pointer = UnsafeMutableRawPointer.allocate(byteCount: max(1, bytes.count), alignment: 16)
            .bindMemory(to: UInt8.self, capacity: max(1, bytes.count))
        bytes.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { pointer.initialize(from: base, count: source.count) }
        }
    }

    func deallocate() { UnsafeMutableRawPointer(pointer).deallocate() }
}
