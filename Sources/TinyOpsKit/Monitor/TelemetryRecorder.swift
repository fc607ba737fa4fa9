import Foundation
import TinyOpsRuntime

/// Telemetry lines made on the host exactly as a device makes them: each sample runs in the
/// host build of TinyOpsRuntime through `tinyops_invoke_with_telemetry`, so the summary, the
/// class, the score and the line's text come from the same C code that ships in deploy
/// bundles. Latency is measured with the host's monotonic clock (microseconds), so it says
/// nothing about a microcontroller. For `tinyops predict --telemetry`, and for trying
/// `tinyops monitor` without hardware.
public final class TelemetryRecorder {
    private let interpreter: RuntimeInterpreter
    private let state: UnsafeMutablePointer<tinyops_telemetry>
    private let idText: UnsafeMutablePointer<CChar>

    /// `modelID` is what the line's id= carries (the deploy bundle's `<NAME>_MODEL_ID`).
    public init(interpreter: RuntimeInterpreter, modelID: String) {
        self.interpreter = interpreter
        idText = strdup(modelID)!
        state = .allocate(capacity: 1)
        state.initialize(to: tinyops_telemetry())
        state.pointee.model_id = UnsafePointer(idText)
        state.pointee.ticks = { _ in UInt32(truncatingIfNeeded: DispatchTime.now().uptimeNanoseconds / 1000) }
        state.pointee.ticks_per_second = 0
    }

    deinit {
        state.deallocate()
        free(idText)
    }

    /// The lines so far, each ending in "\n".
    public private(set) var lines: [String] = []

    /// Invokes the model on the current inputs and keeps its telemetry line.
    public func record() {
        interpreter.invoke(telemetry: state)
        lines.append(withUnsafeBytes(of: state.pointee.line) { raw in String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self) })
    }

    /// The id a deploy bundle gives a model: its name, '-', the first 8 hex digits of its sha256.
    public static func modelID(name: String, modelBytes: [UInt8]) -> String {
        let safe = String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) ? $0 : "_" }.prefix(23))
        return safe + "-" + SHA256.hex(modelBytes).prefix(8)
    }
}
