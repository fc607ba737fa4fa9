import Foundation
import Testing
@testable import TinyOpsKit

/// The update-package check on a Cortex-M4F under QEMU: the package `tinyops package` wrote
/// for Tests/RuntimeFuzz opens with the same model length and SHA-256 as on the host, and a
/// modified model, another key and a truncation are refused (Tests/DeployHarness/package_harness.c).
@Suite struct DevicePackageCortexMTests {
    static let runtime = Fixtures.repositoryRoot + "/Sources/TinyOpsRuntime"

    static func cArray(_ name: String, _ bytes: [UInt8]) -> String {
        "const unsigned char \(name)[] = {" + bytes.map { String($0) }.joined(separator: ",") + "};\n"
    }

    @Test(.enabled(if: CortexMTools.isAvailable, CortexMTools.skipReason))
    func packageOpensOnCortexM4() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let packages = Fixtures.repositoryRoot + "/Tests/RuntimeFuzz/packages/"
        let package = try FileBytes.read(packages + "mlp_int8.tpk"), key = try FileBytes.read(packages + "mlp_int8.pub")
        try AtomicFile.write(Array((Self.cArray("package_data", package) + "const unsigned int package_len = \(package.count)u;\n"
                                    + Self.cArray("public_key", key)).utf8), to: directory + "/package_data.c")
        let startup = Fixtures.repositoryRoot + "/Tests/FeatureHarness/cortex_m"
        let sources = try FileManager.default.contentsOfDirectory(atPath: Self.runtime).filter { $0.hasSuffix(".c") }.sorted().map { Self.runtime + "/" + $0 }
        let elf = directory + "/package.elf"
        let build = try runProgram(CortexMTools.gcc!, [
            "-std=c99", "-Wall", "-Wextra", "-Werror", "-mcpu=cortex-m4", "-mfloat-abi=hard", "-mfpu=fpv4-sp-d16", "-mthumb", "-O2",
            "-ffunction-sections", "-fdata-sections", "-I", Self.runtime + "/include", "-I", Self.runtime, "-T", "\(startup)/mps2.ld",
            "--specs=nano.specs", "--specs=rdimon.specs", "-nostartfiles", "-Wl,--gc-sections", "-Wl,--no-warn-rwx-segments",
            "\(startup)/startup.c", Fixtures.repositoryRoot + "/Tests/DeployHarness/package_harness.c", directory + "/package_data.c",
        ] + sources + ["-o", elf])
        try #require(build.status == 0, "arm-none-eabi-gcc failed:\n\(build.stderr)")
        let run = try runProgram("/usr/bin/env", ["timeout", "120", CortexMTools.qemu!, "-M", "mps2-an386", "-nographic",
            "-monitor", "none", "-serial", "none", "-semihosting-config", "enable=on,target=native", "-kernel", elf])
        guard case .valid(let contents) = UpdatePackage.verify(package, publicKey: try Ed25519.PublicKey(bytes: key)) else {
            Issue.record("the committed package does not verify on the host")
            return
        }
        let expected = "opened: model \(contents.model.count) bytes, sha256 \(SHA256.hex(contents.model))\n"
            + "refused: modified model, other key, truncation\nOK\n"
        #expect(run.status == 0 && run.stdout == expected, "\(run.stdout)\(run.stderr)")
    }
}
