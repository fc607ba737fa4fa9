// Measures tinyops' hashes and signatures; prints one JSON object on stdout.
// Usage: crypto-bench [SCRATCH_DIR]
import Foundation
import TinyOpsKit

/// Runs `body` until at least `minimum` seconds have passed (after one warm-up call) and
/// returns the best time per call over three such rounds.
func secondsPerCall(minimum: Double = 0.3, _ body: () -> Void) -> Double {
    body()
    var best = Double.infinity
    for _ in 0..<3 {
        var calls = 0
        let start = DispatchTime.now().uptimeNanoseconds
        var elapsed = 0.0
        repeat {
            body()
            calls += 1
            elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        } while elapsed < minimum
        best = min(best, elapsed / Double(calls))
    }
    return best
}

let scratch = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : NSTemporaryDirectory()
var generator = SystemRandomNumberGenerator()
let megabytes = 16
let data = (0..<(megabytes << 20)).map { _ in UInt8.random(in: 0...255, using: &generator) }

var sink = 0
let sha256 = secondsPerCall { sink &+= Int(SHA256.hash(data)[0]) }
let sha512 = secondsPerCall { sink &+= Int(SHA512.hash(data)[0]) }

// The brief's file case: a 10 MB file, streamed.
let file = scratch + "/crypto-bench-10MB.bin"
try AtomicFile.write(Array(data[0..<10_000_000]), to: file)
let sha256File = secondsPerCall { sink &+= (try? SHA256.hex(ofFile: file))?.utf8.count ?? -1 }
try? FileManager.default.removeItem(atPath: file)

let key = Ed25519.PrivateKey.generate()
let message = Array(data[0..<64])
let signature = key.signature(for: message)
let keygen = secondsPerCall { sink &+= Int(Ed25519.PrivateKey.generate().publicKey.bytes[0]) }
let sign = secondsPerCall { sink &+= Int(key.signature(for: message)[0]) }
let verify = secondsPerCall { sink &+= key.publicKey.isValidSignature(signature, for: message) ? 1 : 0 }

// A whole package of a 100 KB model: build (hash + sign) and verify (signature + hash).
let model = Array(data[0..<100_000])
let options = try UpdatePackage.Options(
    modelID: "bench", version: SemanticVersion("1.0.0")!, target: "cortex-m4", minRuntimeVersion: SemanticVersion("0.1.0")!)
let package = UpdatePackage.build(model: model, key: key, options: options).bytes
let build = secondsPerCall { sink &+= UpdatePackage.build(model: model, key: key, options: options).bytes.count }
let check = secondsPerCall {
    if case .valid = UpdatePackage.verify(package, publicKey: key.publicKey) { sink &+= 1 }
}

let result: JSONValue = [
    "implementation": "tinyops (Swift, release)",
    "sha256_MBps": .number((Double(megabytes) / sha256).rounded()),
    "sha512_MBps": .number((Double(megabytes) / sha512).rounded()),
    "sha256_10MB_file_seconds": .number((sha256File * 1000).rounded() / 1000),
    "ed25519_keygen_per_s": .number((1 / keygen).rounded()),
    "ed25519_sign_per_s": .number((1 / sign).rounded()),
    "ed25519_verify_per_s": .number((1 / verify).rounded()),
    "package_100KB_build_ms": .number((build * 1e5).rounded() / 100),
    "package_100KB_verify_ms": .number((check * 1e5).rounded() / 100),
    "sink": .int(sink % 2),
]
print(try JSONWriter(pretty: true).string(result))
