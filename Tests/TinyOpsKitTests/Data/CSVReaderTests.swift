import Testing
import TinyOpsKit

@Suite struct CSVReaderTests {
    private func decode(_ text: String, file: String = "r.csv") throws(DatasetError) -> DecodedRecording {
        try CSVRecordingReader.decode(Array(text.utf8), file: file)
    }

    @Test func readsTheFixture() throws {
        let recording = try CSVRecordingReader.decode(DataFixtures.bytes("csv/wave/wave_1.csv"), file: "wave_1.csv")
        #expect(recording.channels == ["accX", "accY", "accZ"])
        #expect(recording.frameCount == 20)
        #expect(recording.sampleRate == 62.5)  // 16 ms apart
        #expect(recording.rowLabels == nil)
        // First row: 0,0.0000,2.0000,9.8100 (written by the fixture script with 4 decimals).
        #expect(Array(recording.frames[0..<3]) == [0, 2, 9.81])
    }

    @Test func valuesRoundOnceToFloat() throws {
        // 16777217 is halfway between two floats; 0.1 is inexact: both must match Float(text).
        let recording = try decode("timestamp,a,b,c\n0,16777217,0.1,-2.5e-3\n")
        #expect(recording.frames == [Float("16777217")!, Float("0.1")!, Float("-2.5e-3")!])
    }

    @Test func labelColumnAndNoTimestamp() throws {
        let recording = try decode("accX,label,accY\n1,wave,2\n3,wave,4\n5,idle,6\n")
        #expect(recording.channels == ["accX", "accY"])
        #expect(recording.frames == [1, 2, 3, 4, 5, 6])
        #expect(recording.rowLabels == ["wave", "wave", "idle"])
        #expect(recording.sampleRate == nil)
    }

    @Test func toleratesBOMCRLFQuotesSpacesAndBlankLines() throws {
        let text = "\u{FEFF}\"timestamp\", \"x\"\r\n\r\n0, 1.5\r\n20 ,\"-2\"\r\n\n"
        let recording = try decode(text)
        #expect(recording.channels == ["x"])
        #expect(recording.frames == [1.5, -2])
        #expect(recording.sampleRate == 50)
    }

    @Test func nanIsAMissingValue() throws {
        let recording = try decode("timestamp,x,y\n0,nan,1\n10,2,NaN\n")
        #expect(recording.frames[0].isNaN && recording.frames[3].isNaN)
        #expect(recording.frames[1] == 1 && recording.frames[2] == 2)
    }

    @Test func raggedRow() {
        expectMessage("r.csv: line 3: expected 4 columns as in the header, found 3") {
            _ = try decode("timestamp,x,y,z\n0,1,2,3\n10,1,2\n")
        }
    }

    @Test func nonNumericCellNamesLineAndColumn() {
        expectMessage("r.csv: line 4, column 3 (accY): 'abc' is not a number") {
            _ = try decode("timestamp,accX,accY\n0,1,2\n\n10,1,abc\n")
        }
        expectMessage("r.csv: line 2, column 2 (x): '' is not a number") {
            _ = try decode("timestamp,x\n0,\n")
        }
        // Hexadecimal and infinity are not data a sensor writes; strtod would take them.
        expectMessage("r.csv: line 2, column 2 (x): '0x10' is not a number") {
            _ = try decode("timestamp,x\n0,0x10\n")
        }
        expectMessage("r.csv: line 2, column 2 (x): 'inf' is not a number") {
            _ = try decode("timestamp,x\n0,inf\n")
        }
        expectMessage("r.csv: line 2, column 1 (timestamp): 'noon' is not a number") {
            _ = try decode("timestamp,x\nnoon,1\n")
        }
    }

    @Test func overflowToInfinity() {
        expectMessage("r.csv: line 2, column 2 (x): inf is not a finite number") {
            _ = try decode("timestamp,x\n0,1e39\n")
        }
    }

    @Test func timestampsMustIncrease() {
        expectMessage("r.csv: line 3: timestamp 10 is not after the previous one (10)") {
            _ = try decode("timestamp,x\n10,1\n10,2\n")
        }
    }

    @Test func headerProblems() {
        expectMessage("r.csv: empty CSV file (expected a header row such as 'timestamp,accX,accY,accZ')") {
            _ = try decode("\n  \n")
        }
        expectMessage("r.csv: line 1: column 'X' appears twice in the header") {
            _ = try decode("timestamp,x,X\n0,1,2\n")
        }
        expectMessage("r.csv: line 1: no channel columns (only timestamp/label)") {
            _ = try decode("timestamp,label\n0,a\n")
        }
        expectMessage("r.csv: no data rows after the header") {
            _ = try decode("timestamp,x\n")
        }
        expectMessage("r.csv: line 3: empty cell in the 'label' column") {
            _ = try decode("x,label\n1,a\n2,\n")
        }
    }
}
