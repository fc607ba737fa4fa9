import Testing
import TinyOpsKit

/// Semantic Versioning 2.0.0: the grammar and the precedence rules, with semver.org's examples.
@Suite struct SemanticVersionTests {
    @Test(arguments: ["0.0.0", "1.4.0", "10.20.30", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-0.3.7",
                      "1.0.0-x.7.z.92", "1.0.0-x-y-z.--", "1.0.0+20130313144700", "1.0.0-beta+exp.sha.5114f85",
                      "1.0.0+21AF26D3----117B344092BD", "2.0.0-rc.1+build.007"])
    func valid(_ text: String) throws {
        let version = try #require(SemanticVersion(text))
        #expect(version.description == text)
    }

    @Test(arguments: ["", "1", "1.2", "1.2.3.4", "01.2.3", "1.02.3", "1.2.03", "v1.2.3", "1.2.3-", "1.2.3+",
                      "1.2.3-01", "1.2.3-alpha..1", "1.2.3-alpha_beta", "1.2.3+build..1", " 1.2.3", "1.2.3 ",
                      "-1.2.3", "1.2.-3", "99999999999999999999.0.0", "1.2.3-ß"])
    func invalid(_ text: String) {
        #expect(SemanticVersion(text) == nil)
    }

    @Test func precedenceFollowsTheSpecification() throws {
        let ordered = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
                       "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0", "2.0.0", "10.0.0"]
        let versions = try ordered.map { try #require(SemanticVersion($0)) }
        for (i, a) in versions.enumerated() {
            for (j, b) in versions.enumerated() {
                #expect(a.precedence(comparedTo: b) == (i < j ? -1 : i == j ? 0 : 1), "\(a) vs \(b)")
            }
        }
        #expect(SemanticVersion("1.0.0+a")!.precedence(comparedTo: SemanticVersion("1.0.0+b")!) == 0)
        #expect(SemanticVersion("1.0.0+a") != SemanticVersion("1.0.0+b"))
    }
}
