import Foundation

/// What `tinyops check` is asked.
public struct CheckOptions: Sendable {
    public var target: Target
    public var runtime: RuntimeKind
    /// CI gates: each one exceeded is an error finding.
    public var maxLatencyMs: Double?
    public var maxRAMBytes: Int?
    public var maxFlashBytes: Int?
    /// TinyOpsRuntime started with tinyops_init_prepared (`deploy --prepared`): flash counts the
    /// prepared image and the smaller code, RAM the activations only.
    public var prepared: Bool

    public init(target: Target, runtime: RuntimeKind = .tflm, maxLatencyMs: Double? = nil,
                maxRAMBytes: Int? = nil, maxFlashBytes: Int? = nil, prepared: Bool = false) {
        self.target = target
        self.runtime = runtime
        self.prepared = prepared
        self.maxLatencyMs = maxLatencyMs
        self.maxRAMBytes = maxRAMBytes
        self.maxFlashBytes = maxFlashBytes
    }
}

/// One operator's line in the report.
public struct OpCheck: Equatable, Sendable {
    public let support: OpSupport
    public let cost: OpCost
    /// Milliseconds at the target's clock, when it has one.
    public let latencyMs: Double?
    /// Fraction of the model's cycles.
    public let share: Double
}

/// The registrations a TFLM application needs for the model.
public struct ResolverSnippet: Equatable, Sendable {
    /// `AddConv2D`, ... in order of first use; custom ops as `AddCustom("NAME", ...)`.
    public let methods: [String]
    /// The `MicroMutableOpResolver` template argument: one slot per registration.
    public var templateCount: Int { methods.count }

    /// The C++ lines to paste.
    public var lines: [String] {
        ["static tflite::MicroMutableOpResolver<\(templateCount)> resolver;"]
            + methods.map { $0.hasPrefix("AddCustom(") ? "resolver.\($0);" : "resolver.\($0)();" }
    }
}

/// A memory budget: what is needed against what the target has.
public struct Budget: Equatable, Sendable {
    /// Bytes needed, or nil when tinyops cannot tell.
    public let needed: Int?
    /// Bytes available on the target (`--ram`/`--flash` or the board), or nil for a bare core.
    public let available: Int?
    /// `--max-ram`/`--max-flash`.
    public let gate: Int?

    /// Bytes left, or nil when either side is unknown.
    public var headroom: Int? {
        guard let needed, let available else { return nil }
        return available - needed
    }

    public var fits: Bool {
        guard let needed else { return true }
        return needed <= (available ?? .max) && needed <= (gate ?? .max)
    }
}

public struct MemoryCheck: Equatable, Sendable {
    /// The TFLM arena a Cortex-M firmware needs (32-bit structs, CMSIS-NN kernels), for TFLM.
    public let tflmDevice: TFLMArenaEstimate?
    /// The same model in the 64-bit Python interpreter, to compare with what it reports.
    public let tflmHost: TFLMArenaEstimate?
    /// TinyOpsRuntime's arena, when its planner is available.
    public let tinyopsArena: Int?
    /// RAM the runtime needs outside the arena (interpreter and resolver objects).
    public let staticRAM: Int?
    public let ram: Budget
    public let notes: [String]
}

public struct FlashCheck: Equatable, Sendable {
    public let modelBytes: Int
    /// Runtime code, or nil when unknown.
    public let codeBytes: Int?
    /// The prepared image, with `prepared`.
    public var preparedImageBytes: Int? = nil
    public let flash: Budget
    public let notes: [String]
}

public struct ComputeCheck: Equatable, Sendable {
    public let macs: Int
    public let cycles: Int
    public let latencyMs: Double?
    public let gateMs: Double?
}

/// The whole answer of `tinyops check`.
public struct CheckReport: Sendable {
    public let path: String
    public let options: CheckOptions
    public let ops: [OpCheck]
    public let findings: [Finding]
    public let resolver: ResolverSnippet
    public let memory: MemoryCheck
    public let flash: FlashCheck
    public let compute: ComputeCheck

    /// True when nothing blocks the model: no error finding.
    public var passes: Bool { !findings.contains { $0.severity == .error } }
}

/// `tinyops check`: will this model run on this target, and how well?
public enum ModelCheck {
    /// Reads and checks the `.tflite` at `path`; a missing or corrupt file throws an error
    /// naming it.
    public static func run(path: String, options: CheckOptions) throws -> CheckReport {
        let bytes = try FileBytes.read(path)
        let model: Model
        do {
            model = try TFLiteReader.decode(bytes)
        } catch let error as any UserFacingError {
            throw FileError(path: path, reason: error)
        }
        return try run(LoadedModel(path: path, fileBytes: bytes.count, model: model), modelBytes: bytes, options: options)
    }

    public static func run(_ loaded: LoadedModel, modelBytes: [UInt8], options: CheckOptions) throws -> CheckReport {
        let model = loaded.model
        let main = model.main
        let target = options.target
        var findings: [Finding] = []

        let (supports, opFindings) = OpCompatibility.analyze(main, target: target, runtime: options.runtime)
        findings += opFindings
        if model.subgraphs.count > 1 {
            findings.append(Finding(.warning, "subgraphs", "\(model.subgraphs.count) subgraphs: tinyops checks and plans "
                                        + "subgraph 0 and counts the others' tensors only"))
        }

        let costs = main.operators.map {
            CostModel.cost($0, in: main, core: target.core, fpu: target.fpu, runtime: options.runtime)
        }
        let totalCycles = costs.reduce(0) { $0 &+ $1.cycles }
        let clock = target.clockHz.map(Double.init)
        let ops = zip(supports, costs).map { support, cost in
            OpCheck(support: support, cost: cost, latencyMs: clock.map { Double(cost.cycles) / $0 * 1000 },
                    share: totalCycles > 0 ? Double(cost.cycles) / Double(totalCycles) : 0)
        }
        let latency = clock.map { Double(totalCycles) / $0 * 1000 }
        let compute = ComputeCheck(macs: costs.reduce(0) { $0 &+ $1.macs }, cycles: totalCycles, latencyMs: latency,
                                   gateMs: options.maxLatencyMs)
        if let gate = options.maxLatencyMs {
            if let latency {
                if latency > gate {
                    findings.append(Finding(.error, "latency-gate", String(format: "estimated latency %.2f ms exceeds --max-latency-ms %g",
                                                                           latency, gate)))
                }
            } else {
                findings.append(Finding(.warning, "latency-gate", "--max-latency-ms not checked: \(target.name) has no clock",
                                        fix: "name a board, or give --clock-mhz"))
            }
        }

        let memory = try MemoryBudget.check(model, modelBytes: modelBytes, options: options, findings: &findings)
        let image = options.prepared && options.runtime == .tinyops ? try? TinyOpsRuntimeBudget.prepared(modelBytes: modelBytes) : nil
        let flash = FlashBudget.check(modelBytes: modelBytes.count, preparedImageBytes: image?.bytes.count, ops: supports,
                                      options: options, findings: &findings)
        let resolver = ResolverSnippet(methods: Self.registrations(main))
        // Errors first, then by operator; equal keys keep the order they were found in.
        findings = findings.enumerated().sorted {
            ($0.element.severity, $0.element.opIndex ?? -1, $0.offset) < ($1.element.severity, $1.element.opIndex ?? -1, $1.offset)
        }.map(\.element)
        return CheckReport(path: loaded.path, options: options, ops: ops, findings: findings, resolver: resolver,
                           memory: memory, flash: flash, compute: compute)
    }

    /// One registration per distinct op TFLM can register, in order of first use.
    static func registrations(_ subgraph: Subgraph) -> [String] {
        var methods: [String] = []
        for op in subgraph.operators {
            let method: String?
            if op.builtin == .custom, let name = op.opcode.customCode {
                method = "AddCustom(\"\(name)\", /* your TFLMRegistration */)"
            } else {
                method = op.builtin.flatMap(TFLMOpSupport.resolverMethod)
            }
            if let method, !methods.contains(method) { methods.append(method) }
        }
        return methods
    }
}
