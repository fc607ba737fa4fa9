import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a command's text goes: the process's stdout or stderr, or a string in tests.
///
/// Commands write through `CommandContext`, never with `print`: `print` goes through C's
/// stdio buffer, which would interleave unpredictably with these writers and bypass
/// capture in tests.
protocol OutputWriter: AnyObject, Sendable {
    func write(_ text: String)
    /// Writes out anything buffered. The shell calls it before the process exits.
    func flush()
}

/// Writes to a file descriptor, optionally buffering.
///
/// stdout is buffered when it is a pipe or file (a large JSON result is then a few
/// `write(2)` calls, not thousands); stderr and terminals are written through, so that
/// progress and errors appear at once.
final class FileDescriptorWriter: OutputWriter, @unchecked Sendable {
    private let descriptor: Int32
    private let bufferLimit: Int
    private let lock = NSLock()
    private var buffer: [UInt8] = []

    /// `bufferLimit` 0 writes through; otherwise output is held until that many bytes.
    init(descriptor: Int32, bufferLimit: Int) {
        self.descriptor = descriptor
        self.bufferLimit = bufferLimit
    }

    func write(_ text: String) {
        lock.withLock {
            buffer.append(contentsOf: text.utf8)
            if buffer.count >= bufferLimit { flushLocked() }
        }
    }

    func flush() {
        lock.withLock { flushLocked() }
    }

    /// Writes the buffer out, retrying after interrupts and short writes. A failure (the
    /// reader closed the pipe) drops the output: there is nowhere left to report it.
    private func flushLocked() {
        var written = 0
        buffer.withUnsafeBytes { bytes in
            while written < bytes.count {
                let result = systemWrite(descriptor, bytes.baseAddress! + written, bytes.count - written)
                if result > 0 {
                    written += result
                } else if result < 0, errno == EINTR {
                    continue
                } else {
                    break
                }
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// `write(2)`, named apart from `OutputWriter.write(_:)`.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Darwin)
    Darwin.write(descriptor, bytes, count)
    #elseif canImport(Musl)
    Musl.write(descriptor, bytes, count)
    #else
    Glibc.write(descriptor, bytes, count)
    #endif
}

/// Collects output in memory, for running commands in-process in tests.
final class StringWriter: OutputWriter, @unchecked Sendable {
    private let lock = NSLock()
    private var collected = ""

    init() {}

    /// Everything written so far.
    var text: String { lock.withLock { collected } }

    func write(_ text: String) {
        lock.withLock { collected += text }
    }

    func flush() {}
}
