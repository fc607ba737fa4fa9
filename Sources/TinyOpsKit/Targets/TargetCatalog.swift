import Foundation

/// What `tinyops targets` lists: every core and every board `--target` accepts.
public enum TargetCatalog {
    public static func json() -> JSONValue {
        [
            "cores": .array(CortexCore.allCases.map { core in
                [
                    "name": .string(core.rawValue),
                    "architecture": .string(core.architecture),
                    "fpu": .string(core.defaultFPU.rawValue),
                    "dsp": .bool(core.hasDSP),
                    "mve": .bool(core.hasMVE),
                    "cmsis_nn_path": .string(core.cmsisNNPath.rawValue),
                ]
            }),
            "boards": .array(Board.all.map { board in
                [
                    "name": .string(board.id),
                    "board": .string(board.name),
                    "mcu": .string(board.mcu),
                    "core": .string(board.core.rawValue),
                    "fpu": .string(board.effectiveFPU.rawValue),
                    "clock_hz": .int(board.clockHz),
                    "flash_bytes": .int(board.flashBytes),
                    "ram_bytes": .int(board.sramBytes),
                    "notes": .string(board.notes),
                    "verified": .array(board.verified.map(JSONValue.string)),
                    "unverified": .array(board.unverified.map(JSONValue.string)),
                ]
            }),
        ]
    }

    public static func text() -> String {
        var lines = ["cores"]
        let coreRows = CortexCore.allCases.map { core in
            [core.rawValue, core.architecture, Self.fpuLabel(core.defaultFPU),
             core.hasMVE ? "MVE" : core.hasDSP ? "DSP" : "-", "CMSIS-NN \(core.cmsisNNPath.rawValue)"]
        }
        lines += table(coreRows)
        lines.append("")
        lines.append("boards")
        let boardRows = Board.all.map { board in
            [board.id, board.name, board.core.rawValue, fpuLabel(board.effectiveFPU), CheckReport.megahertz(board.clockHz),
             CheckReport.size(board.flashBytes) + " flash", CheckReport.size(board.sramBytes) + " RAM",
             board.unverified.isEmpty ? "" : "unverified: " + board.unverified.joined(separator: ", ")]
        }
        lines += table(boardRows)
        lines.append("")
        lines.append("Figures marked unverified are vendor-datasheet values nobody re-read; override them with --flash/--ram.")
        return lines.joined(separator: "\n") + "\n"
    }

    static func fpuLabel(_ fpu: FPU) -> String {
        switch fpu {
        case .none: "no FPU"
        case .single: "SP FPU"
        case .double: "DP FPU"
        }
    }

    private static func table(_ rows: [[String]]) -> [String] {
        guard let columns = rows.first?.count else { return [] }
        let widths = (0..<columns).map { c in rows.map { $0[c].count }.max() ?? 0 }
        return rows.map { row in
            let cells = row.enumerated().map { c, cell in cell.padding(toLength: widths[c], withPad: " ", startingAt: 0) }
            return ("  " + cells.joined(separator: "  ")).replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
    }
}
