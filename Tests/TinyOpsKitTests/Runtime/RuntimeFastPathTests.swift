import Foundation
import Testing
import TinyOpsKit

/// The host fast kernels (TINYOPS_FAST_KERNELS: k_conv_fast.c, k_arith_fast.c, the fast
/// MEAN, pooling, FULLY_CONNECTED, SOFTMAX, LOGISTIC, PAD, CONCATENATION and RELU6 loops) against the portable kernels a Cortex-M build runs: the runtime is
/// compiled with the host compiler as it is (SSE2 on x86-64, plus the AVX2 paths chosen at run
/// time, k_conv_avx2.c and k_conv_avx512.c, when this CPU has AVX2 / AVX-512 VNNI), with
/// -DTINYOPS_NO_AVX512 (the 256-bit VNNI convolution), with -DTINYOPS_NO_VNNI (the AVX2
/// convolution without VNNI), with -DTINYOPS_NO_AVX2 (the SSE2 fallback), with
/// -DTINYOPS_NO_SIMD (the fast paths' plain C loops, what hosts without SSE2 run) and with
/// -DTINYOPS_FAST_KERNELS=0, and all six run every single-operator corpus model and int8
/// fixture on the same seeded inputs (Tests/RuntimeHarness/kernel_outputs.c). The fast kernels are checked against TFLM by
/// RuntimeTFLMTests; this keeps the portable ones checked on the host too, on every shape
/// the corpus covers (QEMU runs them on the fixtures only).
@Suite struct RuntimeFastPathTests {
    static let runtime = Fixtures.repositoryRoot + "/Sources/TinyOpsRuntime"
    static let harness = Fixtures.repositoryRoot + "/Tests/RuntimeHarness/kernel_outputs.c"

    @Test func fastKernelsGiveThePortableKernelsBytes() throws {
        let compiler = try #require(CortexMTools.hostCompiler, "no C compiler")
        let files = FileManager.default
        let sources = try files.contentsOfDirectory(atPath: Self.runtime).filter { $0.hasSuffix(".c") }.sorted()
            .map { Self.runtime + "/" + $0 }
        let corpus = RuntimeFuzzCorpusTests.directory
        let models = try files.contentsOfDirectory(atPath: corpus).filter { $0.hasSuffix(".tflite") }.sorted()
            .map { corpus + "/" + $0 } + Fixtures.runnable.filter { $0.hasSuffix("_int8.tflite") }.map(Fixtures.path)
        let directory = try makeTemporaryDirectory()
        defer { try? files.removeItem(atPath: directory) }
        var outputs: [String] = []
        let builds = [("fast", [String]()), ("fast-no-avx512", ["-DTINYOPS_NO_AVX512"]),
                      ("fast-no-vnni", ["-DTINYOPS_NO_VNNI"]), ("fast-no-avx2", ["-DTINYOPS_NO_AVX2"]),
                      ("fast-no-simd", ["-DTINYOPS_NO_SIMD"]), ("portable", ["-DTINYOPS_FAST_KERNELS=0"])]
        for (name, flags) in builds {
            let program = directory + "/" + name
            let build = try runProgram(compiler, ["-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic", "-O2",
                                                  "-I\(Self.runtime)/include"] + flags + [Self.harness] + sources + ["-o", program])
            try #require(build.status == 0, "\(name): cc failed:\n\(build.stderr)")
            let run = try runProgram(program, models)
            #expect(run.status == 0, "\(name): exit \(run.status): \(run.stdout.suffix(300))")
            outputs.append(run.stdout)
        }
        #expect(outputs[0].split(separator: "\n").count == models.count)
        for (k, build) in builds.enumerated().dropFirst() {
            let differing = zip(outputs[0].split(separator: "\n"), outputs[k].split(separator: "\n")).filter { $0 != $1 }
            #expect(differing.isEmpty, "fast and \(build.0) kernels differ on: \(differing.map { $0.0 })")
        }
    }

    /// The AVX2 fixed-point exp, 1 / (1 + x) and logistic (fast_exp_avx2.h) against
    /// fixedpoint.c's scalar functions on 1.6 million lanes each, edges included
    /// (Tests/RuntimeHarness/exp_lanes.c); on a CPU without AVX2 the program says so.
    @Test func vectorExpMatchesTheScalarFixedPoint() throws {
        let compiler = try #require(CortexMTools.hostCompiler, "no C compiler")
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let program = directory + "/exp_lanes"
        let build = try runProgram(compiler, ["-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic", "-O2",
                                              "-I\(Self.runtime)", "-I\(Self.runtime)/include",
                                              Fixtures.repositoryRoot + "/Tests/RuntimeHarness/exp_lanes.c",
                                              Self.runtime + "/fixedpoint.c", "-o", program])
        try #require(build.status == 0, "cc failed:\n\(build.stderr)")
        let run = try runProgram(program, ["200000"])
        #expect(run.status == 0, "exit \(run.status): \(run.stdout)")
        #expect(run.stdout == "lanes 1600000 mismatches 0\n" || run.stdout == "no avx2\n", "\(run.stdout)")
    }
}
