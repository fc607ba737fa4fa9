import Foundation
import Testing
import TinyOpsKit

@Suite struct JSONWriterTests {
    private let sample: JSONValue = [
        "name": "kws",
        "epochs": 20,
        "lr": 0.001,
        "layers": [["type": "dense", "units": 16], ["type": "softmax"]],
        "empty": [:],
        "none": [],
        "ok": true,
        "missing": nil,
    ]

    @Test func compactGolden() throws {
        #expect(try sample.jsonText() ==
            #"{"name":"kws","epochs":20,"lr":0.001,"layers":[{"type":"dense","units":16},{"type":"softmax"}],"empty":{},"none":[],"ok":true,"missing":null}"#)
    }

    @Test func prettyGolden() throws {
        let expected = """
        {
          "name": "kws",
          "epochs": 20,
          "lr": 0.001,
          "layers": [
            {
              "type": "dense",
              "units": 16
            },
            {
              "type": "softmax"
            }
          ],
          "empty": {},
          "none": [],
          "ok": true,
          "missing": null
        }
        """
        #expect(try sample.jsonText(pretty: true) == expected)
    }

    @Test func sortedKeysUseCodePointOrder() throws {
        let value: JSONValue = ["b": 1, "a": ["z": 1, "y": 2], "B": 3, "é": 4, "_": 5]
        #expect(try value.jsonText(sortedKeys: true) == #"{"B":3,"_":5,"a":{"y":2,"z":1},"b":1,"é":4}"#)
        // Insertion order is otherwise kept.
        #expect(try value.jsonText() == #"{"b":1,"a":{"z":1,"y":2},"B":3,"é":4,"_":5}"#)
    }

    @Test(arguments: [
        (0.0, "0"), (-0.0, "0"), (3.0, "3"), (-42.0, "-42"), (1e15, "1000000000000000"),
        (9_007_199_254_740_991.0, "9007199254740991"), (9_007_199_254_740_992.0, "9007199254740992"),
        (1e16, "1e+16"), (1.5e300, "1.5e+300"), (0.1, "0.1"), (0.30000000000000004, "0.30000000000000004"),
        (2.5, "2.5"), (-0.5, "-0.5"), (1e-7, "1e-07"), (.leastNonzeroMagnitude, "5e-324"), (123456.789, "123456.789"),
        (Double(Float(0.1)), "0.10000000149011612"),
    ] as [(Double, String)])
    func numbers(value: Double, text: String) throws {
        #expect(try JSONValue.number(value).jsonText() == text)
        #expect(try JSONValue(parsing: text) == .number(value))
    }

    @Test func floatHelperWritesShortestFloatText() throws {
        #expect(try JSONValue.float(0.1).jsonText() == "0.1")
        #expect(try JSONValue.floats([0.1, 1, -2.5, 1e-8, 3.4028235e38]).jsonText() == "[0.1,1,-2.5,1e-08,3.4028235e+38]")
        #expect(try JSONValue.int(12).jsonText() == "12")
        // The one positive Float whose shortest text, read as a Double, rounds
        // to the neighbouring Float (found by checking all 2^31): it keeps its
        // exact value instead.
        let awkward = Float(bitPattern: 363_742_205)
        #expect(Float(Double(awkward.description)!) != awkward)
        #expect(try JSONValue.float(awkward).jsonText() == "7.038530691851209e-26")
        #expect(try JSONCursor(JSONValue(parsing: JSONValue.float(-awkward).jsonText())).float() == -awkward)
    }

    @Test func floatsRoundTripThroughText() throws {
        var generator = SeededGenerator(seed: 3)
        for _ in 0..<20_000 {
            let float = Float(bitPattern: UInt32.random(in: 0...UInt32.max, using: &generator))
            guard float.isFinite else { continue }
            let text = try JSONValue.float(float).jsonText()
            let back = try JSONCursor(JSONValue(parsing: text)).float()
            #expect(back.bitPattern == float.bitPattern || (back == 0 && float == 0), "\(float) -> \(text)")
        }
    }

    @Test func stringEscapes() throws {
        let value = JSONValue.string("q\"b\\s/n\nt\tc\u{1}\u{1F}\u{7F} é😀\u{8}\u{C}\r")
        #expect(try value.jsonText() == #""q\"b\\s/n\nt\tc\u0001\u001f"# + "\u{7F} é😀" + #"\b\f\r""#)
        #expect(try JSONValue(parsing: value.jsonText()) == value)
        #expect(try JSONValue.object(["k\"ey": 1]).jsonText() == #"{"k\"ey":1}"#)
    }

    @Test func refusesNonFiniteNumbersWithThePath() {
        func failure(_ value: JSONValue) -> JSONError? {
            do { _ = try value.jsonText(); return nil } catch { return error }
        }
        let nan: JSONValue = ["metrics": ["loss": .number(.nan)]]
        #expect(failure(nan)?.message == "$.metrics.loss: nan cannot be written as JSON")
        #expect(failure(nan)?.hint?.contains("null") == true)
        let infinities: JSONValue = ["a": [1, 2, .number(-.infinity)], "odd key": [.number(.infinity)]]
        #expect(failure(infinities) == .nonFiniteNumber(path: "$.a[2]", value: -.infinity))
        #expect(failure(infinities)?.message == "$.a[2]: -inf cannot be written as JSON")
        #expect(failure(["odd key": [.number(.infinity)]]) == .nonFiniteNumber(path: "$[\"odd key\"][0]", value: .infinity))
        #expect(failure(.number(.infinity)) == .nonFiniteNumber(path: "$", value: .infinity))
    }

    @Test func writeReadWriteIsByteIdentical() throws {
        var generator = SeededGenerator(seed: 42)
        for round in 0..<300 {
            let value = randomValue(depth: 0, using: &generator)
            for (pretty, sorted) in [(false, false), (true, false), (false, true), (true, true)] {
                let writer = JSONWriter(pretty: pretty, sortedKeys: sorted)
                let text = try writer.bytes(value)
                let back = try JSONValue(parsing: text)
                #expect(back == value, "round \(round)")
                #expect(try writer.bytes(back) == text, "round \(round)")
            }
        }
    }
}

/// A random value with awkward strings and numbers, at most 4 levels deep.
func randomValue(depth: Int, using generator: inout SeededGenerator) -> JSONValue {
    let pick = Int.random(in: 0..<(depth >= 4 ? 4 : 6), using: &generator)
    switch pick {
    case 0: return .null
    case 1: return .bool(Bool.random(using: &generator))
    case 2:
        switch Int.random(in: 0..<3, using: &generator) {
        case 0: return .int(Int.random(in: -1_000_000...1_000_000, using: &generator))
        case 1: return .float(Float.random(in: -10...10, using: &generator))
        default:
            let double = Double(bitPattern: generator.next())
            return .number(double.isFinite ? double : 0)
        }
    case 3: return .string(randomString(using: &generator))
    case 4: return .array((0..<Int.random(in: 0..<5, using: &generator)).map { _ in randomValue(depth: depth + 1, using: &generator) })
    default:
        var object = JSONObject()
        for _ in 0..<Int.random(in: 0..<5, using: &generator) {
            object[randomString(using: &generator)] = randomValue(depth: depth + 1, using: &generator)
        }
        return .object(object)
    }
}

private func randomString(using generator: inout SeededGenerator) -> String {
    let alphabet: [Unicode.Scalar] = ["a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\u{0}", "\u{1F}", "é", "€", "😀", "\u{2028}"]
    var string = ""
    for _ in 0..<Int.random(in: 0..<8, using: &generator) {
        string.unicodeScalars.append(alphabet.randomElement(using: &generator)!)
    }
    return string
}

@Suite struct JSONWriterInlineArrayTests {
    @Test func prettyKeepsScalarArraysOnOneLine() throws {
        let value: JSONValue = ["shape": [1, 64, 3], "names": ["a", "b"], "flags": [true, .null]]
        let text = try JSONWriter(pretty: true).string(value)
        #expect(text == """
            {
              "shape": [1, 64, 3],
              "names": [
                "a",
                "b"
              ],
              "flags": [true, null]
            }
            """)
    }
}
