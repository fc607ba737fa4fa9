import Foundation
import Testing
@testable import TinyOpsKit

/// `tinyops deploy --format runtime` bundles built as firmware and run on emulated Cortex-M
/// cores: for each QEMU machine (Cortex-M3, M4, M7, M33, M55), the bundle's sources (as
/// shipped: runtime, tinyops_config.h, model, feature config) plus Tests/DeployHarness are
/// compiled with arm-none-eabi-gcc -O2 -std=c99 -Wall -Wextra -Werror, run under QEMU with
/// semihosting on 20+ samples per model, and every model input and output byte must equal what
/// tinyops computes on the host (Swift features/normalization/quantization, the host
/// TinyOpsRuntime). Three models: the conv1d and cnn2d int8 fixtures, and cnn2d behind a
/// logmel feature block with normalization.
@Suite struct DeployCortexMTests {
    struct Machine: Sendable {
        let core: String
        let machine: String
        let flags: [String]
        let script: String
    }

    static let machines: [Machine] = [
        Machine(core: "cortex-m3", machine: "mps2-an385", flags: ["-mcpu=cortex-m3", "-mfloat-abi=soft"], script: "mps2.ld"),
        Machine(core: "cortex-m4", machine: "mps2-an386", flags: ["-mcpu=cortex-m4", "-mfloat-abi=hard", "-mfpu=fpv4-sp-d16"], script: "mps2.ld"),
        Machine(core: "cortex-m7", machine: "mps2-an500", flags: ["-mcpu=cortex-m7", "-mfloat-abi=hard", "-mfpu=fpv5-d16"], script: "mps2.ld"),
        Machine(core: "cortex-m33", machine: "mps2-an505", flags: ["-mcpu=cortex-m33", "-mfloat-abi=hard", "-mfpu=fpv5-sp-d16"], script: "an505.ld"),
        Machine(core: "cortex-m55", machine: "mps3-an547", flags: ["-mcpu=cortex-m55", "-mfloat-abi=hard"], script: "an547.ld"),
    ]

    static let harness = Fixtures.repositoryRoot + "/Tests/DeployHarness"
    static let startup = Fixtures.repositoryRoot + "/Tests/FeatureHarness/cortex_m/startup.c"
    static let warnings = ["-std=c99", "-Wall", "-Wextra", "-Werror"]

    /// The harness on the host (cc): the bundle and the harness agree with Swift before any
    /// emulator is involved.
    @Test func runtimeBundlesMatchTinyopsOnTheHost() throws {
        let compiler = try #require(CortexMTools.hostCompiler, "no C compiler")
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        for item in try DeployCase.all() {
            let directory = root + "/" + item.name
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try item.deploy(to: directory)
            let bundle = directory + "/bundle"
            let build = try runProgram(compiler, Self.warnings + ["-pedantic", "-O1", "-I\(bundle)", "-I\(bundle)/runtime",
                "\(Self.harness)/deploy_harness.c"] + (try Self.bundleSources(bundle)) + ["-o", directory + "/harness"])
            try #require(build.status == 0, "\(item.name): cc failed:\n\(build.stderr)")
            let run = try runProgram(directory + "/harness", [])
            #expect(run.status == 0, "\(item.name): exit \(run.status): \(run.stdout.suffix(300))")
            let expected = try item.expectedLines()
            #expect(expected.count >= 41)
            #expect(Self.lines(run.stdout) == expected, "\(item.name): host C bundle differs from tinyops")
        }
    }

    @Test(.enabled(if: CortexMTools.isAvailable, CortexMTools.skipReason))
    func runtimeBundlesMatchTheHostOnEveryCortexMCore() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let cases = try DeployCase.all()
        var expected: [[String]] = []
        for item in cases {
            let directory = root + "/" + item.name
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try item.deploy(to: directory)
            expected.append(try item.expectedLines())
        }
        // Runtime files that do not see tinyops_config.h are byte-identical in every bundle
        // (checked): compile those once per core, the rest from each bundle.
        let bundles = cases.map { root + "/" + $0.name + "/bundle" }
        let shared = try Self.configIndependentSources(bundles[0])
        for bundle in bundles.dropFirst() {
            for file in shared {
                #expect(FileManager.default.contents(atPath: bundle + "/runtime/" + file) == FileManager.default.contents(atPath: bundles[0] + "/runtime/" + file))
            }
        }
        let outcomes = Outcomes(count: Self.machines.count)
        DispatchQueue.concurrentPerform(iterations: Self.machines.count) { index in
            outcomes.set(index, Result { try Self.buildAndRun(Self.machines[index], cases: cases, bundles: bundles, shared: shared, root: root) })
        }
        for (index, machine) in Self.machines.enumerated() {
            let outputs = try outcomes.get(index).get()
            for (item, (output, want)) in zip(cases, zip(outputs, expected)) {
                let got = Self.lines(output)
                #expect(got.count == want.count, "\(item.name) on \(machine.core): \(got.count) lines, expected \(want.count): \(output.suffix(200))")
                let differing = zip(got, want).filter { $0 != $1 }.count
                #expect(differing == 0, "\(item.name) on \(machine.core) (\(machine.machine)): \(differing) lines differ from the host")
            }
        }
    }

    /// Builds every case for `machine` and runs it; returns each run's stdout.
    static func buildAndRun(_ machine: Machine, cases: [DeployCase], bundles: [String], shared: [String], root: String) throws -> [String] {
        let work = root + "/" + machine.core
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let gcc = CortexMTools.gcc!
        let flags = warnings + machine.flags + ["-mthumb", "-O2", "-ffunction-sections", "-fdata-sections"]
        let objects = try compileObjects(gcc, flags + ["-I\(bundles[0])/runtime"], sources: shared.map { bundles[0] + "/runtime/" + $0 }, in: work)
        var outputs: [String] = []
        for (item, bundle) in zip(cases, bundles) {
            let elf = work + "/\(item.name).elf"
            let own = try bundleSources(bundle).filter { !shared.contains(($0 as NSString).lastPathComponent) || !$0.contains("/runtime/") }
            let build = try runProgram(gcc, flags + ["-I\(bundle)", "-I\(bundle)/runtime", "-T", "\(harness)/cortex_m/\(machine.script)",
                "-L", "\(harness)/cortex_m", "--specs=nano.specs", "--specs=rdimon.specs", "-nostartfiles", "-Wl,--gc-sections",
                "-Wl,--no-warn-rwx-segments", startup, "\(harness)/deploy_harness.c"] + own + objects + ["-o", elf])
            guard build.status == 0 else { throw Failure(text: "\(item.name) for \(machine.core): arm-none-eabi-gcc failed:\n\(build.stderr)") }
            let run = try runProgram("/usr/bin/env", ["timeout", "120", CortexMTools.qemu!, "-M", machine.machine, "-nographic",
                "-monitor", "none", "-serial", "none", "-semihosting-config", "enable=on,target=native", "-kernel", elf])
            guard run.status == 0 else {
                throw Failure(text: "\(item.name) on \(machine.core): exit \(run.status): \(run.stdout.suffix(300)) \(run.stderr)")
            }
            outputs.append(run.stdout)
        }
        return outputs
    }

    /// Compiles `sources` to objects in `directory` (one compiler process); returns their paths.
    static func compileObjects(_ compiler: String, _ flags: [String], sources: [String], in directory: String) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: compiler)
        process.arguments = flags + ["-c"] + sources
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw Failure(text: "compiling the runtime failed:\n\(text)") }
        return sources.map { directory + "/" + (($0 as NSString).lastPathComponent as NSString).deletingPathExtension + ".o" }
    }

    /// The runtime .c files of a bundle whose preprocessing does not read tinyops_config.h.
    static func configIndependentSources(_ bundle: String) throws -> [String] {
        let runtime = bundle + "/runtime"
        return try FileManager.default.contentsOfDirectory(atPath: runtime).filter { $0.hasSuffix(".c") }.sorted().filter { file in
            let deps = try runProgram(CortexMTools.gcc!, ["-MM", "-I\(runtime)", runtime + "/" + file])
            guard deps.status == 0 else { throw Failure(text: "gcc -MM \(file): \(deps.stderr)") }
            return !deps.stdout.contains(KernelConfigRenderer.fileName) && !deps.stdout.contains("runtime_config.h")
        }
    }

    /// Every .c file of a runtime bundle except its example main.c.
    static func bundleSources(_ bundle: String) throws -> [String] {
        let top = try FileManager.default.contentsOfDirectory(atPath: bundle).filter { $0.hasSuffix(".c") && $0 != "main.c" }
        let runtime = try FileManager.default.contentsOfDirectory(atPath: bundle + "/runtime").filter { $0.hasSuffix(".c") }
        return (top.map { bundle + "/" + $0 } + runtime.map { bundle + "/runtime/" + $0 }).sorted()
    }

    static func lines(_ text: String) -> [String] { text.split(separator: "\n").map(String.init) }

    struct Failure: Error, CustomStringConvertible {
        let text: String
        var description: String { text }
    }

    /// Results written from concurrent workers.
    final class Outcomes: @unchecked Sendable {
        private var results: [Result<[String], any Error>?]
        private let lock = NSLock()
        init(count: Int) { results = Array(repeating: nil, count: count) }
        func set(_ index: Int, _ result: Result<[String], any Error>) { lock.withLock { results[index] = result } }
        func get(_ index: Int) -> Result<[String], any Error> { lock.withLock { results[index]! } }
    }
}
