/// The cost model's numbers: instructions per operator from QEMU measurements
/// (`CostTable+Measured.swift`, generated), cycles per instruction per core (assumed), and the
/// rules that fill in combinations nobody measured. Provenance and error bars:
/// docs/cost-model.md.
enum CostTable {
    /// Cores that run the same instruction stream: Thumb-1 with the pure-C CMSIS-NN path (M0,
    /// M0+), Thumb-2 with the pure-C path (M3), Thumb-2 with the DSP path (M4, M4F, M33, and
    /// M7, measured separately), Helium (M55).
    enum Tier: String, CaseIterable, Hashable {
        case m0, m3, m4, m7, m55

        init(_ core: CortexCore) {
            switch core {
            case .m0, .m0plus: self = .m0
            case .m3: self = .m3
            case .m4, .m4f, .m33: self = .m4
            case .m7: self = .m7
            case .m55: self = .m55
            }
        }
    }

    /// Instructions per operator: a per MAC, b per unit of work, c once.
    struct Coefficients: Equatable {
        let a: Double
        let b: Double
        let c: Double
    }

    struct Key: Hashable {
        let costClass: CostClass
        let implementation: KernelImplementation
        let tier: Tier
    }

    /// The interpreter's own instructions per operator around the kernel (node lookup, the
    /// profiler hook, temp-allocation reset): measured as Invoke() minus the kernels, / ops.
    static let dispatchInstructions = 60.0

    /// Cycles per instruction, assumed from the cores' pipelines (Arm technical reference
    /// manuals: 2-cycle loads on M0/M0+, pipelined loads on M3/M4/M33, dual issue on M7,
    /// two beats per vector instruction on M55). Flash wait states and cache misses come on top.
    static func cyclesPerInstruction(_ core: CortexCore) -> Double {
        switch core {
        case .m0: 1.5
        case .m0plus: 1.4
        case .m3, .m4, .m4f: 1.25
        case .m33: 1.2
        case .m7: 0.8
        case .m55: 1.3
        }
    }

    /// The measured coefficients, or the closest stand-in:
    /// - M7 and M4 run the same Armv7E-M code (their counts agree within a few percent);
    /// - portable C integer kernels (TinyOpsRuntime, and TFLM reference kernels CMSIS-NN does
    ///   not replace) cost what CMSIS-NN's pure-C path costs on the same instruction set:
    ///   M0's on M0/M0+, M3's on Thumb-2 cores;
    /// - software float on a Thumb-2 core costs what it costs on M3.
    static func coefficients(_ costClass: CostClass, _ implementation: KernelImplementation, _ tier: Tier) -> Coefficients {
        for key in candidates(costClass, implementation, tier) {
            if let found = measured[key] { return found }
        }
        return fallback
    }

    /// Used only for a combination with no measurement and no stand-in: a typical light op.
    static let fallback = Coefficients(a: 4, b: 20, c: 500)

    private static func candidates(_ costClass: CostClass, _ implementation: KernelImplementation, _ tier: Tier) -> [Key] {
        var keys = [Key(costClass: costClass, implementation: implementation, tier: tier)]
        let sameISA: [Tier] = tier == .m7 ? [.m4] : tier == .m4 ? [.m7] : []
        keys += sameISA.map { Key(costClass: costClass, implementation: implementation, tier: $0) }
        let thumb1 = tier == .m0
        switch implementation {
        case .portableInteger, .cmsisNN:
            let pure = thumb1 ? Tier.m0 : Tier.m3
            keys.append(Key(costClass: costClass, implementation: .cmsisNN(.pureC), tier: pure))
            keys.append(Key(costClass: costClass, implementation: .portableInteger, tier: pure))
        case .floatSoftware:
            keys.append(Key(costClass: costClass, implementation: .floatSoftware, tier: thumb1 ? .m0 : .m3))
        case .floatHardware:
            keys += [Tier.m4, .m7, .m55].map { Key(costClass: costClass, implementation: .floatHardware, tier: $0) }
        }
        // Any tier that measured this class and implementation.
        keys += Tier.allCases.map { Key(costClass: costClass, implementation: implementation, tier: $0) }
        return keys
    }
}
