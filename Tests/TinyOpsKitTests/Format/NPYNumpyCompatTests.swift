import Foundation
import Testing
import TinyOpsKit

/// Runs `python3 -c script args…`; nil if python3 cannot be started.
private func runPython(_ script: String, _ arguments: [String] = []) -> (status: Int32, output: String)? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    do { try process.run() } catch { return nil }
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: output, as: UTF8.self))
}

private let numpyAvailable: Bool = {
    let available = runPython("import numpy")?.status == 0
    if !available {
        let note = "SKIP: NPY numpy compatibility tests need python3 with numpy (python3 -c 'import numpy' failed)\n"
        FileHandle.standardError.write(Data(note.utf8))
    }
    return available
}()

/// numpy writes the same arrays as `patternArray` (same formulas), and checks
/// that it reads ours to equal values.
private let numpyScript = """
import sys, os, json
import numpy as np
directory = sys.argv[1]
cases = json.load(open(os.path.join(directory, 'cases.json')))
def pattern(descr, shape):
    n = int(np.prod(shape, dtype=np.int64))
    i = np.arange(n, dtype=np.int64)
    kind = np.dtype(descr)
    if kind == np.bool_: v = i % 3 == 0
    elif kind == np.int8: v = i % 256 - 128
    elif kind == np.uint8: v = i % 256
    elif kind == np.int16: v = i * 331 % 65536 - 32768
    elif kind == np.uint16: v = i * 331 % 65536
    elif kind == np.int32: v = i * 100003 - 50000
    elif kind == np.uint32: v = i * 100003
    elif kind == np.int64: v = i * 1000000007 - 3
    elif kind == np.uint64: v = i.astype(np.uint64) * np.uint64(1000000007)
    elif kind == np.float32: v = i.astype(np.float32) * np.float32(0.5) - np.float32(3)
    else: v = i.astype(np.float64) * 0.25 - 7
    return v.astype(kind).reshape(shape)
for case in cases:
    name, descr, shape, version = case['name'], case['descr'], tuple(case['shape']), case['version']
    expected = pattern(descr, shape)
    ours = np.load(os.path.join(directory, name + '.swift.npy'))
    assert ours.dtype == expected.dtype and ours.shape == expected.shape, name
    assert np.array_equal(ours, expected), name
    with open(os.path.join(directory, name + '.numpy.npy'), 'wb') as f:
        if version == [1, 0]:
            np.save(f, expected)
        else:
            np.lib.format.write_array(f, expected, version=tuple(version))
print('ok', len(cases))
"""

@Suite struct NPYNumpyCompatTests {
    @Test(.enabled(if: numpyAvailable, "python3 with numpy is not available"))
    func byteIdenticalToNumpy() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var cases: [JSONValue] = []
        var arrays: [String: (NPYArray, NPYFormatVersion)] = [:]
        for dtype in NPYDType.allCases {
            for (shapeIndex, shape) in testShapes.enumerated() {
                for version in [NPYFormatVersion.v1, .v2, .v3] where version == .v1 || shapeIndex == 4 {
                    let name = "\(dtype.name)-\(shapeIndex)-v\(version.major)"
                    let array = try patternArray(dtype, shape: shape)
                    try array.write(to: "\(directory)/\(name).swift.npy")
                    arrays[name] = (array, version)
                    cases.append(["name": .string(name), "descr": .string(dtype.descr),
                                  "shape": .array(shape.map { .int($0) }), "version": [.int(version.major), .int(version.minor)]])
                }
            }
        }
        try JSONValue.array(cases).write(to: directory + "/cases.json")
        let result = try #require(runPython(numpyScript, [directory]))
        try #require(result.status == 0, "python failed:\n\(result.output)")
        #expect(result.output.hasPrefix("ok \(cases.count)"))
        for (name, (array, version)) in arrays.sorted(by: { $0.key < $1.key }) {
            let numpyBytes = try FileBytes.read("\(directory)/\(name).numpy.npy")
            #expect(array.npyBytes(version: version) == numpyBytes, "\(name)")
            #expect(try NPYArray(npyBytes: numpyBytes) == array, "\(name)")
        }
    }
}
