import Foundation
import Testing
import TinyOpsKit

private enum LayerKind: String, CaseIterable { case dense, conv2d, softmax }

@Suite struct JSONCursorTests {
    private let config = JSONCursor(try! JSONValue(parsing: """
        {"train": {"epochs": "ten", "lr": 0.01, "batch": 32, "seed": null},
         "model": {"layers": [{"type": "dense", "units": 2.5}, {"type": "dens"}]},
         "my key": [1]}
        """))

    private func message(_ body: () throws -> Void) -> String? {
        do { try body(); return nil } catch { return (error as? JSONError)?.message ?? "not a JSONError: \(error)" }
    }

    @Test func readsTypedValues() throws {
        #expect(try config["train"]["lr"].double() == 0.01)
        #expect(try config["train"]["lr"].float() == 0.01)
        #expect(try config["train"]["batch"].int() == 32)
        #expect(try config["model"]["layers"][0]["type"].oneOf(LayerKind.self) == .dense)
        #expect(try config["model"]["layers"].array().count == 2)
        #expect(try config["train"].object().map(\.key) == ["epochs", "lr", "batch", "seed"])
        #expect(config["model"]["layers"][1]["type"].path == "$.model.layers[1].type")
        #expect(config["my key"][0].path == "$[\"my key\"][0]")
    }

    @Test func errorsNameThePath() {
        #expect(message { _ = try config["train"]["epochs"].int() } == "$.train.epochs: expected an integer, got \"ten\"")
        #expect(message { _ = try config["model"]["layers"][0]["units"].int() } == "$.model.layers[0].units: expected an integer, got 2.5")
        #expect(message { _ = try config["model"]["layers"][0]["units"].string() } == "$.model.layers[0].units: expected a string, got 2.5")
        #expect(message { _ = try config["train"]["lr"].bool() } == "$.train.lr: expected true or false, got 0.01")
        #expect(message { _ = try config["model"]["layers"].double() } == "$.model.layers: expected a number, got an array")
        #expect(message { _ = try config["train"].array() } == "$.train: expected an array, got an object")
        #expect(message { _ = try config["model"]["layers"][1]["type"].oneOf(LayerKind.self) } ==
            "$.model.layers[1].type: expected one of \"dense\", \"conv2d\", \"softmax\", got \"dens\"")
    }

    @Test func missingAndWrongContainersReportTheFirstFailingStep() {
        #expect(message { _ = try config["model"]["optimizer"].string() } == "$.model: missing required key \"optimizer\"")
        #expect(message { _ = try config["data"]["path"]["x"].string() } == "$: missing required key \"data\"")
        #expect(message { _ = try config["train"]["lr"]["x"].int() } == "$.train.lr: expected an object, got 0.01")
        #expect(message { _ = try config["train"][0].int() } == "$.train: expected an array, got an object")
        #expect(message { _ = try config["model"]["layers"][5]["type"].string() } ==
            "$.model.layers: index 5 is out of range for an array of 2 elements")
    }

    @Test func optionalValues() throws {
        #expect(try config["train"]["seed"].optional() == nil)  // null
        #expect(try config["train"]["momentum"].optional() == nil)  // absent
        #expect(try config["train"]["batch"].optional()?.int() == 32)
        #expect(message { _ = try config["nothing"]["momentum"].optional() } == "$: missing required key \"nothing\"")
        #expect(message { _ = try config["train"]["lr"]["x"].optional() } == "$.train.lr: expected an object, got 0.01")
    }

    @Test func unknownKeysSuggestTheClosestKnownKey() {
        do {
            try config["train"].rejectUnknownKeys(allowed: ["epochs", "lr", "batch_size", "seed"])
            Issue.record("expected an error")
        } catch {
            #expect(error.message == "$.train: unknown key \"batch\" (allowed: \"epochs\", \"lr\", \"batch_size\", \"seed\")")
            #expect(error.hint == nil)  // "batch" is 5 edits from "batch_size"
        }
        do {
            try JSONCursor(["epoch": 1]).rejectUnknownKeys(allowed: ["epochs", "lr"])
            Issue.record("expected an error")
        } catch {
            #expect(error.hint == "did you mean \"epochs\"?")
        }
        #expect(throws: Never.self) { try config["train"].rejectUnknownKeys(allowed: ["epochs", "lr", "batch", "seed"]) }
    }

    @Test func intRejectsInexactValues() {
        #expect(message { _ = try JSONCursor(1e300).int() } == "$: expected an integer, got 1e+300")
        #expect(message { _ = try JSONCursor(9_007_199_254_740_992.0).int() } == "$: expected an integer, got 9007199254740992")
        #expect(message { _ = try JSONCursor(1e39).float() } == "$: 1e+39 is out of range for a 32-bit float")
        #expect((try? JSONCursor(-9_007_199_254_740_991.0).int()) == -9_007_199_254_740_991)
    }

    @Test func customValidationAndFileNames() {
        let batch = config["train"]["batch"]
        let error = FileError(path: "tinyops.json", reason: batch.invalid("must be at most 16, got 32"))
        #expect(error.message == "tinyops.json: $.train.batch: must be at most 16, got 32")
        do {
            _ = try config["train"]["epochs"].int()
        } catch {
            #expect(FileError(path: "tinyops.json", reason: error).message ==
                "tinyops.json: $.train.epochs: expected an integer, got \"ten\"")
        }
    }

    @Test func longStringsAreCutInMessages() {
        let long = String(repeating: "x", count: 100)
        #expect(message { _ = try JSONCursor(.string(long)).int() } ==
            "$: expected an integer, got \"" + String(repeating: "x", count: 40) + "\"…")
    }
}

@Suite struct JSONObjectTests {
    @Test func keepsInsertionOrderAndEditsInPlace() {
        var object: JSONObject = ["b": 1, "a": 2]
        object["c"] = 3
        object["b"] = 10
        #expect(object.keys == ["b", "a", "c"])
        #expect(object.values == [10, 2, 3])
        object["a"] = nil
        #expect(object.keys == ["b", "c"])
        #expect(object["c"] == 3)
        object["a"] = .null
        #expect(object.keys == ["b", "c", "a"])
        #expect(object["a"] == .null)
        #expect(object.map(\.key) == ["b", "c", "a"])
        let insertedExisting = object.insertNew("b", 0)
        let insertedNew = object.insertNew("d", 0)
        #expect(!insertedExisting && insertedNew)
        #expect(object["b"] == 10)
    }

    @Test func largeObjectsUseAnIndex() throws {
        // Past 8 keys the object switches from a linear scan to a dictionary.
        var object = JSONObject()
        for index in 0..<20 { object["k\(index)"] = .int(index) }
        #expect(object.count == 20 && object["k13"] == 13 && object["k20"] == nil)
        object["k3"] = nil
        object["k5"] = "five"
        #expect(object.keys.prefix(5) == ["k0", "k1", "k2", "k4", "k5"])
        #expect(object["k4"] == 4 && object["k5"] == "five" && object["k19"] == 19 && object["k3"] == nil)
        for index in 0..<20 where index != 7 { object["k\(index)"] = nil }
        #expect(object.keys == ["k7"] && object["k7"] == 7)
        let text = "{" + (0..<30).map { "\"k\($0)\": \($0)" }.joined(separator: ", ") + ", \"k29\": 0}"
        #expect(throws: JSONError.syntax(.duplicateKey("k29"), line: 1, column: text.count - 8)) { try JSONValue(parsing: text) }
    }

    @Test func equalityIgnoresOrder() {
        let a: JSONObject = ["x": 1, "y": [1, 2]]
        let b: JSONObject = ["y": [1, 2], "x": 1]
        #expect(a == b)
        #expect(a != ["x": 1, "y": [2, 1]])
        #expect(a != ["x": 1])
        #expect(JSONValue.object(a) == .object(b))
        #expect(JSONValue.number(1) == 1.0)
    }

    @Test func valueSubscripts() {
        var value: JSONValue = ["train": ["epochs": 10], "list": [1, "two"]]
        #expect(value["train"]?["epochs"] == 10)
        #expect(value["list"]?[1] == "two")
        #expect(value["list"]?[2] == nil)
        #expect(value["nope"] == nil)
        #expect(value["list"]?["x"] == nil)
        value["train"]?["epochs"] = 20
        value["new"] = false
        #expect(value["train"]?["epochs"]?.intValue == 20)
        #expect(value.objectValue?.keys == ["train", "list", "new"])
        #expect(JSONValue.number(2.5).intValue == nil)
        #expect(JSONValue.string("x").stringValue == "x")
        #expect(JSONValue.null.isNull)
    }
}
