import Foundation
import Testing
import TinyOpsKit

@Suite struct WAVReaderTests {
    /// Each readable fixture against the int16 samples sox decoded from it.
    @Test(arguments: [
        ("mono16", 1, 8000.0),  // Python's wave module
        ("stereo16", 2, 16000.0),  // Python's wave module
        ("extensible3ch", 3, 16000.0),  // sox: WAVE_FORMAT_EXTENSIBLE, PCM sub-format, and a fact chunk
        ("list_odd", 2, 16000.0),  // an odd-sized LIST chunk and its pad byte before the data
    ])
    func matchesSox(name: String, channels: Int, rate: Double) throws {
        let recording = try WAVReader.decode(DataFixtures.bytes("wav/\(name).wav"), file: name)
        let expected = try NPYArray(contentsOf: DataFixtures.path("wav/\(name).expected.npy"))
        #expect(expected.shape[1] == channels)
        #expect(recording.channels == (0..<channels).map { "ch\($0)" })
        #expect(recording.sampleRate == rate)
        #expect(recording.frameCount == expected.shape[0])
        #expect(recording.frames == (try expected.int16()).map { Float($0) / 32768 })
    }

    @Test func extremesScaleToMinusOneAndJustBelowOne() throws {
        let recording = try WAVReader.decode(DataFixtures.bytes("wav/mono16.wav"), file: "mono16")
        #expect(recording.frames[0] == -1)
        #expect(recording.frames[1] == Float(32767) / 32768)
    }

    @Test(arguments: [
        ("float32", "IEEE float, 32-bit"),
        ("ulaw", "µ-law, 8-bit"),
        ("pcm24", "PCM, 24-bit"),  // WAVE_FORMAT_EXTENSIBLE with a PCM sub-format
    ])
    func refusesOtherEncodings(name: String, encoding: String) {
        expectMessage("\(name).wav: unsupported WAV encoding: \(encoding) (tinyops reads 16-bit PCM)") {
            _ = try WAVReader.decode(DataFixtures.bytes("wav/\(name).wav"), file: "\(name).wav")
        }
    }

    @Test func malformedFiles() throws {
        let good = try DataFixtures.bytes("wav/stereo16.wav")
        expectMessage("a.wav: not a WAV file (no RIFF/WAVE header)") {
            _ = try WAVReader.decode(Array("timestamp,x\n".utf8), file: "a.wav")
        }
        // Cut inside the data chunk: it declares 120 bytes.
        expectMessage("a.wav: truncated WAV: the 'data' chunk declares 120 bytes but only 20 follow") {
            _ = try WAVReader.decode(Array(good[0..<64]), file: "a.wav")
        }
        expectMessage("a.wav: WAV file has no 'data' chunk") {
            _ = try WAVReader.decode(Array(good[0..<36]), file: "a.wav")
        }
        var odd = good
        odd[40] = 121  // data size 121: not whole 4-byte frames, and one byte more than follows
        odd += [0]
        expectMessage("a.wav: malformed WAV: the data chunk (121 bytes) is not a whole number of 4-byte frames") {
            _ = try WAVReader.decode(odd, file: "a.wav")
        }
    }
}

@Suite struct NPYRecordingTests {
    @Test func oneAndTwoDimensions() throws {
        let hum = try NPYRecordingReader.decode(DataFixtures.bytes("npy/hum/hum_1.npy"), file: "hum")
        #expect(hum.channels == ["ch0"])
        #expect(hum.frameCount == 24)
        #expect(hum.frames[3] == Float(sin(1.0)))  // the fixture script saved math.sin(i / 3)
        #expect(hum.sampleRate == nil)
        let knock = try NPYRecordingReader.decode(DataFixtures.bytes("npy/knock/knock_1.npy"), file: "knock")
        #expect(knock.channels == ["ch0", "ch1"])
        #expect(Array(knock.frames[0..<4]) == [-20, 0, -17, 7])
    }

    @Test func rejectsOtherShapes() throws {
        let cube = try NPYArray(float32: [Float](repeating: 0, count: 8), shape: [2, 2, 2])
        expectMessage("c.npy: expected a 1-D [time] or 2-D [time, channels] array, found shape [2, 2, 2]") {
            _ = try NPYRecordingReader.decode(cube.npyBytes(), file: "c.npy")
        }
        expectMessage("c.npy: not a NumPy .npy file (it does not start with \\x93NUMPY)") {
            _ = try NPYRecordingReader.decode(Array("RIFF".utf8), file: "c.npy")
        }
    }
}
