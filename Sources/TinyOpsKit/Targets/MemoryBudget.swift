import Foundation

/// RAM: the runtime's arena plus its objects, against the target.
enum MemoryBudget {
    static func check(_ model: Model, modelBytes: [UInt8], options: CheckOptions,
                      findings: inout [Finding]) throws -> MemoryCheck {
        let target = options.target
        var notes: [String] = []
        var device: TFLMArenaEstimate?
        var host: TFLMArenaEstimate?
        var tinyopsArena: Int?
        var staticRAM: Int?
        var needed: Int?

        switch options.runtime {
        case .tflm:
            let estimate = TFLMArenaModel.estimate(model, build: .device(target.core))
            device = estimate
            host = TFLMArenaModel.estimate(model, build: .pythonHost)
            let registrations = ModelCheck.registrations(model.main).count
            staticRAM = TFLMStaticRAM.bytes(registrations: registrations)
            needed = estimate.bytes + staticRAM!
            notes.append("declare the arena as alignas(16) uint8_t tensor_arena[\(estimate.bytes)]; the call stack is not included")
            if !estimate.unmodeledOps.isEmpty {
                findings.append(Finding(.info, "arena-estimate",
                                        "no arena recipe for \(estimate.unmodeledOps.joined(separator: ", ")); "
                                            + "the estimate assumes a typical kernel for it"))
            }
        case .tinyops:
            do {
                if options.prepared {
                    tinyopsArena = try TinyOpsRuntimeBudget.prepared(modelBytes: modelBytes).arenaBytes
                    notes.append("declare the arena as alignas(16) uint8_t tensor_arena[\(tinyopsArena ?? 0)]: exactly what tinyops_init_prepared uses (the activations; the records are in the prepared image, in flash)")
                } else {
                    tinyopsArena = try TinyOpsRuntimeBudget.arenaBytes(modelBytes: modelBytes)
                    notes.append("declare the arena as alignas(16) uint8_t tensor_arena[\(tinyopsArena ?? 0)]: exactly what tinyops_init uses")
                }
            } catch let error as any UserFacingError {
                tinyopsArena = nil
                notes.append("TinyOpsRuntime cannot plan this model (\(error.message)); RAM not checked")
            }
            needed = tinyopsArena
        }

        let ram = Budget(needed: needed, available: target.ramBytes, gate: options.maxRAMBytes)
        if let needed {
            if let available = target.ramBytes {
                if needed > available {
                    findings.append(Finding(.error, "ram-exceeded",
                                            "needs \(needed) bytes of RAM, \(target.name) has \(available)",
                                            fix: "quantize to int8, shrink the largest activations, or pick a board with more SRAM"))
                } else if Double(available - needed) < 0.1 * Double(available) {
                    findings.append(Finding(.warning, "ram-tight",
                                            "RAM headroom is \(available - needed) bytes (under 10% of \(available)), "
                                                + "before the stack and the application's own data"))
                }
            }
            if let gate = options.maxRAMBytes, needed > gate {
                findings.append(Finding(.error, "ram-gate", "needs \(needed) bytes of RAM, over --max-ram \(gate)"))
            }
        }
        return MemoryCheck(tflmDevice: device, tflmHost: host, tinyopsArena: tinyopsArena, staticRAM: staticRAM,
                           ram: ram, notes: notes)
    }
}

/// RAM a TFLM application holds outside the arena (measured struct sizes, arm-none-eabi-gcc
/// layout): the `MicroInterpreter` object (208 bytes) and a `MicroMutableOpResolver<N>`
/// (12 + 36 × N bytes: a registration, an op code and a parser per slot).
enum TFLMStaticRAM {
    static func bytes(registrations: Int) -> Int { 208 + 12 + 36 * registrations }
}

/// Flash: the model plus the runtime's code, against the target.
enum FlashBudget {
    static func check(modelBytes: Int, preparedImageBytes: Int? = nil, ops: [OpSupport], options: CheckOptions,
                      findings: inout [Finding]) -> FlashCheck {
        let target = options.target
        var notes: [String] = []
        let code: Int?
        switch options.runtime {
        case .tflm:
            code = TFLMCodeSize.bytes(ops: ops, core: target.core)
        case .tinyops:
            code = TinyOpsRuntimeBudget.codeBytes(for: Set(ops.compactMap(\.builtin)), core: target.core, prepared: options.prepared)
            if code == nil { notes.append("TinyOpsRuntime has no kernel for some of these ops; flash counts the model only") }
        }
        let needed = modelBytes + (code ?? 0) + (preparedImageBytes ?? 0)
        let flash = Budget(needed: needed, available: target.flashBytes, gate: options.maxFlashBytes)
        if let available = target.flashBytes, needed > available {
            findings.append(Finding(.error, "flash-exceeded", "needs \(needed) bytes of flash, \(target.name) has \(available)",
                                    fix: "quantize to int8 (4x smaller weights) or prune with `tinyops prune`"))
        }
        if let gate = options.maxFlashBytes, needed > gate {
            findings.append(Finding(.error, "flash-gate", "needs \(needed) bytes of flash, over --max-flash \(gate)"))
        }
        var result = FlashCheck(modelBytes: modelBytes, codeBytes: code, flash: flash, notes: notes)
        result.preparedImageBytes = preparedImageBytes
        return result
    }
}
