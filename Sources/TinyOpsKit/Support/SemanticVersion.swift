/// A version number as Semantic Versioning 2.0.0 defines it (https://semver.org):
/// `MAJOR.MINOR.PATCH`, then an optional `-PRERELEASE` and `+BUILD`, e.g. `1.4.0`,
/// `2.0.0-rc.1`, `1.0.0+20250101`. Numbers have no leading zeros; identifiers are
/// non-empty runs of `[0-9A-Za-z-]`, and numeric pre-release identifiers have no leading
/// zeros either.
///
/// `==` compares the text exactly (build metadata included); `precedence(comparedTo:)`
/// orders versions as §11 of the specification does, ignoring build metadata.
public struct SemanticVersion: Sendable, Hashable, CustomStringConvertible {
    public let major: UInt64
    public let minor: UInt64
    public let patch: UInt64
    public let prerelease: [String]
    public let build: [String]

    /// What `--help` and errors show as the accepted form.
    public static let expectedForm = "a semantic version MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD], such as 1.4.0 or 2.0.0-rc.1"

    public init(major: UInt64, minor: UInt64, patch: UInt64, prerelease: [String] = [], build: [String] = []) {
        (self.major, self.minor, self.patch) = (major, minor, patch)
        self.prerelease = prerelease
        self.build = build
    }

    /// Parses the text; `nil` for anything the specification does not allow.
    public init?(_ text: String) {
        var rest = Substring(text)
        var build: [String] = []
        if let plus = rest.firstIndex(of: "+") {
            build = rest[rest.index(after: plus)...].split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard build.allSatisfy(Self.isIdentifier) else { return nil }
            rest = rest[..<plus]
        }
        var prerelease: [String] = []
        if let dash = rest.firstIndex(of: "-") {
            prerelease = rest[rest.index(after: dash)...].split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard prerelease.allSatisfy({ Self.isIdentifier($0) && (!Self.isNumeric($0) || Self.hasNoLeadingZero($0)) })
            else { return nil }
            rest = rest[..<dash]
        }
        let core = rest.split(separator: ".", omittingEmptySubsequences: false)
        guard core.count == 3,
              core.allSatisfy({ Self.isNumeric($0) && Self.hasNoLeadingZero($0) }),
              let major = UInt64(core[0]), let minor = UInt64(core[1]), let patch = UInt64(core[2])
        else { return nil }
        self.init(major: major, minor: minor, patch: patch, prerelease: prerelease, build: build)
    }

    public var description: String {
        var text = "\(major).\(minor).\(patch)"
        if !prerelease.isEmpty { text += "-" + prerelease.joined(separator: ".") }
        if !build.isEmpty { text += "+" + build.joined(separator: ".") }
        return text
    }

    /// -1, 0 or 1 as `self` has lower, equal or higher precedence than `other` (semver §11):
    /// numbers compare numerically; a pre-release is lower than its release; pre-release
    /// identifiers compare one by one, numbers numerically and below text, text in ASCII
    /// order, and a shorter list is lower when all before it are equal. Build is ignored.
    public func precedence(comparedTo other: SemanticVersion) -> Int {
        for (a, b) in [(major, other.major), (minor, other.minor), (patch, other.patch)] where a != b {
            return a < b ? -1 : 1
        }
        switch (prerelease.isEmpty, other.prerelease.isEmpty) {
        case (true, true): return 0
        case (true, false): return 1
        case (false, true): return -1
        case (false, false): break
        }
        for (a, b) in zip(prerelease, other.prerelease) where a != b {
            switch (UInt64(a), UInt64(b)) {
            case let (x?, y?): return x < y ? -1 : 1
            case (.some, nil): return -1
            case (nil, .some): return 1
            case (nil, nil): return a.utf8.lexicographicallyPrecedes(b.utf8) ? -1 : 1
            }
        }
        return prerelease.count == other.prerelease.count ? 0 : (prerelease.count < other.prerelease.count ? -1 : 1)
    }

    private static func isIdentifier<S: StringProtocol>(_ text: S) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x2D
        }
    }

    private static func isNumeric<S: StringProtocol>(_ text: S) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    private static func hasNoLeadingZero<S: StringProtocol>(_ text: S) -> Bool {
        text == "0" || text.first != "0"
    }
}
