import TinyOpsRuntime
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension UpdatePackage {
    /// The version of the TinyOpsRuntime built into this tinyops (`tinyops_runtime_version()`):
    /// the default minimum runtime version of a package.
    public static var runtimeVersion: SemanticVersion {
        let packed = tinyops_runtime_version()
        return SemanticVersion(major: UInt64(packed >> 16), minor: UInt64((packed >> 8) & 0xFF), patch: UInt64(packed & 0xFF))
    }

    /// The latest time a manifest can record: 9999-12-31T23:59:59Z.
    public static let latestTimestamp: Int64 = 253_402_300_799

    /// `2025-01-31T12:00:00Z` (RFC 3339, UTC) for whole seconds since 1970-01-01T00:00:00Z,
    /// from 0 to `latestTimestamp`; nil outside that range.
    public static func timestamp(secondsSince1970 seconds: Int64) -> String? {
        guard (0...latestTimestamp).contains(seconds) else { return nil }
        var time = time_t(seconds)
        var parts = tm()
        guard gmtime_r(&time, &parts) != nil else { return nil }
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))Z"
    }
}
