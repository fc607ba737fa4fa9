/// What a model is checked against: a core, and when a board was named, its clock and memory.
/// `--flash`, `--ram` and `--clock-mhz` override the board's figures (or supply them for a
/// bare core).
public struct Target: Sendable, Equatable {
    /// The name given: a core (`cortex-m4f`) or a board (`nano33ble`).
    public let name: String
    public let core: CortexCore
    public let board: Board?
    public let fpu: FPU
    public var clockHz: Int?
    public var flashBytes: Int?
    public var ramBytes: Int?

    public init(core: CortexCore, name: String? = nil) {
        self.name = name ?? core.rawValue
        self.core = core
        self.board = nil
        self.fpu = core.defaultFPU
    }

    public init(board: Board) {
        name = board.id
        core = board.core
        self.board = board
        fpu = board.effectiveFPU
        clockHz = board.clockHz
        flashBytes = board.flashBytes
        ramBytes = board.sramBytes
    }

    /// Every name `--target` accepts: the cores, then the boards.
    public static var names: [String] {
        CortexCore.allCases.map(\.rawValue) + Board.all.map(\.id)
    }

    /// The core or board called `name` (exact match), or nil.
    public static func named(_ name: String) -> Target? {
        if let core = CortexCore(rawValue: name) { return Target(core: core) }
        if let board = Board.all.first(where: { $0.id == name }) { return Target(board: board) }
        return nil
    }

    /// Applies the command line's overrides.
    public func overriding(flashBytes: Int?, ramBytes: Int?, clockHz: Int?) -> Target {
        var target = self
        if let flashBytes { target.flashBytes = flashBytes }
        if let ramBytes { target.ramBytes = ramBytes }
        if let clockHz { target.clockHz = clockHz }
        return target
    }

    /// `Cortex-M4F, SP FPU, DSP` — what the report prints after the target's name.
    public var featureSummary: String {
        var parts = [core.displayName, TargetCatalog.fpuLabel(fpu)]
        if core.hasMVE { parts.append("MVE") } else if core.hasDSP { parts.append("DSP") }
        return parts.joined(separator: ", ")
    }
}
