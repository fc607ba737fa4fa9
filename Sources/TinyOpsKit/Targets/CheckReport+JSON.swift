import Foundation

/// `tinyops check --json`. Keys are stable; sizes are bytes, times milliseconds.
extension CheckReport {
    public func json() -> JSONValue {
        let target = options.target
        return [
            "model": .string(path),
            "target": Self.targetJSON(target),
            "runtime": .string(options.runtime.rawValue),
            "passes": .bool(passes),
            "errors": .int(findings.filter { $0.severity == .error }.count),
            "warnings": .int(findings.filter { $0.severity == .warning }.count),
            "operators": .array(ops.map(Self.opJSON)),
            "findings": .array(findings.map(Self.findingJSON)),
            "memory": memoryJSON(),
            "flash": flashJSON(),
            "compute": computeJSON(),
            "tflm_resolver": [
                "template_count": .int(resolver.templateCount),
                "methods": .array(resolver.methods.map(JSONValue.string)),
                "code": .array(resolver.lines.map(JSONValue.string)),
            ],
        ]
    }

    static func targetJSON(_ target: Target) -> JSONValue {
        [
            "name": .string(target.name),
            "board": target.board.map { .string($0.name) } ?? .null,
            "mcu": target.board.map { .string($0.mcu) } ?? .null,
            "core": .string(target.core.rawValue),
            "fpu": .string(target.fpu.rawValue),
            "dsp": .bool(target.core.hasDSP),
            "mve": .bool(target.core.hasMVE),
            "cmsis_nn_path": .string(target.core.cmsisNNPath.rawValue),
            "clock_hz": target.clockHz.map { .int($0) } ?? .null,
            "flash_bytes": target.flashBytes.map { .int($0) } ?? .null,
            "ram_bytes": target.ramBytes.map { .int($0) } ?? .null,
        ]
    }

    private static func opJSON(_ op: OpCheck) -> JSONValue {
        let s = op.support
        return [
            "index": .int(s.index),
            "op": .string(s.name),
            "type": s.type.map { .string($0.name) } ?? .null,
            "tflm": .bool(s.tflm),
            "tflm_resolver_method": s.resolverMethod.map(JSONValue.string) ?? .null,
            "tinyops": .bool(s.tinyops),
            "cmsis_nn": s.cmsisNN.map(JSONValue.string) ?? .null,
            "kernel": .string(s.kernel),
            "cost_class": .string(op.cost.costClass.rawValue),
            "implementation": .string(op.cost.implementation.label),
            "macs": .int(op.cost.macs),
            "work": .int(op.cost.work),
            "cycles": .int(op.cost.cycles),
            "latency_ms": op.latencyMs.map { .number(Self.rounded($0, 6)) } ?? .null,
            "share": .number(Self.rounded(op.share, 4)),
        ]
    }

    private static func findingJSON(_ finding: Finding) -> JSONValue {
        [
            "severity": .string(finding.severity.rawValue),
            "code": .string(finding.code),
            "op": finding.opIndex.map { .int($0) } ?? .null,
            "message": .string(finding.message),
            "fix": finding.fix.map(JSONValue.string) ?? .null,
        ]
    }

    static func budgetJSON(_ budget: Budget) -> JSONValue {
        [
            "needed_bytes": budget.needed.map { .int($0) } ?? .null,
            "available_bytes": budget.available.map { .int($0) } ?? .null,
            "gate_bytes": budget.gate.map { .int($0) } ?? .null,
            "headroom_bytes": budget.headroom.map { .int($0) } ?? .null,
            "fits": .bool(budget.fits),
        ]
    }

    private func memoryJSON() -> JSONValue {
        var object: JSONObject = ["ram": Self.budgetJSON(memory.ram)]
        object["arena_bytes"] = (memory.tflmDevice?.bytes ?? memory.tinyopsArena).map { .int($0) } ?? .null
        object["runtime_objects_bytes"] = memory.staticRAM.map { .int($0) } ?? .null
        if let device = memory.tflmDevice {
            object["tflm_device"] = Self.arenaJSON(device, plan: true)
        }
        if let host = memory.tflmHost {
            object["tflm_host_lp64"] = Self.arenaJSON(host, plan: false)
        }
        object["notes"] = .array(memory.notes.map(JSONValue.string))
        return .object(object)
    }

    static func arenaJSON(_ estimate: TFLMArenaEstimate, plan: Bool) -> JSONValue {
        var object: JSONObject = [
            "arena_bytes": .int(estimate.bytes),
            "set_by": .string(estimate.bindingPhase.rawValue),
            "planned_bytes": .int(estimate.plannedBytes),
            "persistent_bytes": .int(estimate.persistentBytes),
        ]
        var persistent = JSONObject()
        for kind in TFLMPersistentKind.allCases { persistent[kind.rawValue] = .int(estimate.persistent[kind] ?? 0) }
        object["persistent"] = .object(persistent)
        if plan {
            object["plan"] = .array(estimate.plannedBuffers.map { buffer in
                [
                    "tensor": buffer.tensor.map { .int($0) } ?? .null,
                    "scratch_of_op": buffer.scratchOf.map { .int($0) } ?? .null,
                    "bytes": .int(buffer.bytes),
                    "offset": .int(buffer.offset),
                    "first_step": .int(buffer.firstUse),
                    "last_step": .int(buffer.lastUse),
                ]
            })
        }
        return .object(object)
    }

    private func flashJSON() -> JSONValue {
        var object: JSONObject = [
            "model_bytes": .int(flash.modelBytes),
            "code_bytes": flash.codeBytes.map { .int($0) } ?? .null,
            "flash": Self.budgetJSON(flash.flash),
            "notes": .array(flash.notes.map(JSONValue.string)),
        ]
        if let image = flash.preparedImageBytes { object["prepared_image_bytes"] = .int(image) }
        return .object(object)
    }

    private func computeJSON() -> JSONValue {
        [
            "macs": .int(compute.macs),
            "cycles": .int(compute.cycles),
            "latency_ms": compute.latencyMs.map { .number(Self.rounded($0, 6)) } ?? .null,
            "gate_ms": compute.gateMs.map { .number($0) } ?? .null,
            "top_ops": .array(topOps(5).map { op in
                ["index": .int(op.support.index), "op": .string(op.support.name), "share": .number(Self.rounded(op.share, 4))]
            }),
        ]
    }

    /// The operators that take the most cycles, largest first (ties by index).
    public func topOps(_ count: Int) -> [OpCheck] {
        Array(ops.sorted { $0.cost.cycles != $1.cost.cycles ? $0.cost.cycles > $1.cost.cycles
                                                          : $0.support.index < $1.support.index }.prefix(count))
    }

    /// Rounds to `digits` decimals so JSON output stays short and stable.
    static func rounded(_ value: Double, _ digits: Int) -> Double {
        let scale = pow(10.0, Double(digits))
        return (value * scale).rounded() / scale
    }
}
