import TinyOpsRuntime

/// A graph input or output of a model loaded in TinyOpsRuntime.
public struct RuntimeTensor: Sendable, Equatable {
    /// Index of the tensor in subgraph 0.
    public let tensorIndex: Int
    public let type: TensorType
    public let shape: [Int]
    public let byteCount: Int
    /// Affine quantization (`real = (q - zeroPoint) * scale`); nil when not quantized.
    public let scale: Float?
    public let zeroPoint: Int32?

    public var elementCount: Int { shape.reduce(1, *) }

    init(_ info: tinyops_tensor_info) {
        tensorIndex = Int(info.tensor_index)
        type = TensorType(rawValue: Int8(truncatingIfNeeded: info.type)) ?? .float32
        shape = withUnsafeBytes(of: info.dims) { raw in
            Array(raw.bindMemory(to: Int32.self).prefix(Int(info.rank)).map(Int.init))
        }
        byteCount = info.bytes
        scale = info.scale > 0 ? info.scale : nil
        zeroPoint = info.scale > 0 ? info.zero_point : nil
    }
}

/// TinyOpsRuntime, the C99 int8 interpreter that also runs on the microcontroller, on the
/// host: it loads a `.tflite` model, sizes the arena with the runtime's own planner, and
/// runs samples with outputs bit-identical to TFLite Micro's reference kernels.
///
/// ```swift
/// let interpreter = try RuntimeInterpreter(modelBytes: bytes)
/// try interpreter.setInput(0, int8: sample)
/// interpreter.invoke()
/// let scores = interpreter.int8Output(0)
/// ```
///
/// Not thread-safe: one interpreter per thread.
public final class RuntimeInterpreter {
    public let inputs: [RuntimeTensor]
    public let outputs: [RuntimeTensor]
    /// The plan the arena was sized from.
    public let plan: RuntimePlan

    private let model: AlignedBytes
    private let arena: UnsafeMutableRawPointer
    private let state: UnsafeMutablePointer<tinyops_interpreter>

    /// Loads `modelBytes` with exactly the arena `RuntimePlan` computes, or with
    /// `arenaBytes` when given (then a too-small arena throws `arenaTooSmall`).
    public init(modelBytes: [UInt8], arenaBytes: Int? = nil) throws(RuntimeError) {
        let plan = try RuntimePlan.compute(modelBytes: modelBytes)
        let size = arenaBytes ?? plan.arenaBytes
        self.plan = plan
        model = AlignedBytes(modelBytes)
        arena = UnsafeMutableRawPointer.allocate(byteCount: max(1, size), alignment: 16)
        let state = UnsafeMutablePointer<tinyops_interpreter>.allocate(capacity: 1)
        self.state = state
        state.initialize(to: tinyops_interpreter())
        let status = tinyops_init(state, model.pointer, model.count, arena.assumingMemoryBound(to: UInt8.self), size)
        guard status == TINYOPS_OK else {
            let error = state.pointee.error_
            state.deallocate()
            arena.deallocate()
            model.deallocate()
            if error.status == TINYOPS_ERR_ARENA_TOO_SMALL {
                throw .arenaTooSmall(needed: Int(error.needed), available: size)
            }
            throw RuntimeError(error)
        }
        let inputCount = tinyops_input_count(state)
        let outputCount = tinyops_output_count(state)
        inputs = (0..<inputCount).map { index in
            var info = tinyops_tensor_info()
            _ = tinyops_input(state, index, &info)
            return RuntimeTensor(info)
        }
        outputs = (0..<outputCount).map { index in
            var info = tinyops_tensor_info()
            _ = tinyops_output(state, index, &info)
            return RuntimeTensor(info)
        }
    }

    deinit {
        state.deallocate()
        arena.deallocate()
        model.deallocate()
    }

    /// Arena bytes in use, as the runtime reports them (equals `plan.arenaBytes` when the
    /// arena was sized by the plan).
    public var arenaBytesUsed: Int { tinyops_arena_used(state) }

    /// Copies raw element bytes (the input's type, little-endian) into input `index`.
    public func setInput(_ index: Int, bytes: UnsafeRawBufferPointer) throws(RuntimeError) {
        guard copyInput(index, bytes) else { throw sizeError(index, bytes: bytes.count) }
    }

    public func setInput(_ index: Int, int8 values: [Int8]) throws(RuntimeError) {
        try checkInputType(index, .int8, found: "int8")
        guard values.withUnsafeBytes({ copyInput(index, $0) }) else { throw sizeError(index, bytes: values.count) }
    }

    public func setInput(_ index: Int, float32 values: [Float]) throws(RuntimeError) {
        try checkInputType(index, .float32, found: "float32")
        guard values.withUnsafeBytes({ copyInput(index, $0) }) else { throw sizeError(index, bytes: 4 * values.count) }
    }

    /// Calls `body` with the arena bytes of input `index`, to fill them in place.
    public func withInputBytes<R>(_ index: Int, _ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R {
        let data = tinyops_input_data(state, index)
        return try body(UnsafeMutableRawBufferPointer(start: data, count: inputs[index].byteCount))
    }

    /// Copies when the size matches exactly.
    private func copyInput(_ index: Int, _ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count == inputs[index].byteCount else { return false }
        if let target = tinyops_input_data(state, index), let source = bytes.baseAddress {
            target.copyMemory(from: source, byteCount: bytes.count)
        }
        return true
    }

    private func sizeError(_ index: Int, bytes: Int) -> RuntimeError {
        let tensor = inputs[index]
        let elementSize = max(1, tensor.byteCount / max(1, tensor.elementCount))
        return .sampleSize(input: index, expected: tensor.elementCount, found: bytes / elementSize)
    }

    private func checkInputType(_ index: Int, _ type: TensorType, found: String) throws(RuntimeError) {
        guard inputs[index].type == type else {
            throw .inputType(input: index, expected: inputs[index].type.name, found: found)
        }
    }

    /// Runs the model on the current inputs.
    public func invoke() {
        let status = tinyops_invoke(state)
        precondition(status == TINYOPS_OK, "tinyops_invoke failed on an initialised interpreter")
    }

    /// Runs the model through `tinyops_invoke_with_telemetry`: as `invoke`, plus the
    /// telemetry line the C runtime formats into `telemetry.pointee.line`.
    public func invoke(telemetry: UnsafeMutablePointer<tinyops_telemetry>) {
        let status = tinyops_invoke_with_telemetry(state, telemetry)
        precondition(status == TINYOPS_OK, "tinyops_invoke_with_telemetry failed on an initialised interpreter")
    }

    /// Calls `body` with the C interpreter, for runtime functions that take it.
    func withInterpreter<R>(_ body: (UnsafeMutablePointer<tinyops_interpreter>) throws -> R) rethrows -> R {
        try body(state)
    }

    /// Calls `body` with the raw bytes of output `index` (valid until the next invoke).
    public func withOutputBytes<R>(_ index: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let data = tinyops_output_data(state, index)
        return try body(UnsafeRawBufferPointer(start: data, count: outputs[index].byteCount))
    }

    public func int8Output(_ index: Int) -> [Int8] {
        withOutputBytes(index) { Array($0.bindMemory(to: Int8.self)) }
    }

    public func float32Output(_ index: Int) -> [Float] {
        withOutputBytes(index) { raw in
            (0..<raw.count / 4).map { raw.loadUnaligned(fromByteOffset: 4 * $0, as: Float.self) }
        }
    }
}
