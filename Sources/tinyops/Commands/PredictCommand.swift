import TinyOpsKit

/// `tinyops predict MODEL --input X.npy -o Y.npy`: raw model outputs for stacked samples.
struct PredictCommand: Command {
    static let spec = CommandSpec(
        name: "predict",
        abstract: "Run a model on stacked samples and write its raw outputs as .npy.",
        discussion: """
            Runs int8 .tflite models with TinyOpsRuntime, the C99 interpreter that also runs \
            on the microcontroller; its outputs are bit-identical to TFLite Micro's. The \
            input .npy holds N samples stacked on axis 0 (shape [N, ...], each sample with \
            as many elements as the model input). An int8 model takes int8 data as stored, \
            or float32/float64 data, which predict quantizes with the input tensor's scale \
            and zero point: q = clamp(round(x / scale) + zero_point, -128, 127). The output \
            .npy stacks the per-sample outputs on axis 0 (a leading batch dimension of 1 \
            is dropped): int8 values as the model stores them, or float32 with \
            --dequantize. float32 models run in tinyops' float interpreter and write float32. \
            --data DATASET predicts a dataset split instead, in dataset order. --telemetry LOG \
            also writes the telemetry line a device would print for each sample (the same C \
            code, host clock latencies), to try tinyops monitor without hardware.

              tinyops predict model_int8.tflite --input x.npy -o y.npy --dequantize
            """,
        options: [
            .option("input", value: "npy", help: "Input samples, shape [N, ...], fed to the model input as they are."),
            .option("data", value: "dataset", help: "Instead of --input: a dataset's samples, normalized as the model's metadata says."),
            .choice("split", of: DatasetSplit.self, default: .test, help: "Split of --data to predict."),
            .option("out", short: "o", value: "npy", required: true, help: "Where to write the outputs."),
            .flag("dequantize", help: "Write int8 outputs as float32 (scale x (q - zero_point))."),
            .option("telemetry", value: "log", help: "Also write one telemetry line per sample, as a device's tinyops_invoke_with_telemetry does (int8 models; for tinyops monitor)."),
            .option("model-id", value: "id", help: "The id telemetry lines carry (default: the file name, '-' and its sha256 prefix)."),
        ],
        arguments: [.required("model", help: "The .tflite model file.")])

    let model: String
    let source: PredictJob.Source
    let out: String
    let dequantize: Bool
    let telemetry: String?
    let modelID: String?

    init(_ args: ParsedArguments) throws {
        model = try args.path("model")
        let input: String? = try args.path("input"), data: String? = try args.path("data")
        switch (input, data) {
        case (let input?, nil): source = .npy(input)
        case (nil, let data?): source = .dataset(data, try args.choice("split"))
        case (nil, nil): throw UsageError.missingOption("--input <npy>")
        case (_?, _?): throw UsageError.conflictingOptions("--input", "--data")
        }
        out = try args.path("out")
        dequantize = args.flag("dequantize")
        telemetry = try args.path("telemetry")
        modelID = try args.value("model-id", expected: "1-32 of A-Z a-z 0-9 . _ -") { text in
            (1...32).contains(text.utf8.count) && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) } ? text : nil
        }
        if modelID != nil && telemetry == nil { throw UsageError.requiresOption("--model-id", "--telemetry <log>") }
    }

    func run(_ io: CommandContext) throws -> ExitCode {
        let summary = try PredictJob.run(model: model, source: source, output: out, dequantize: dequantize, telemetry: telemetry,
                                         telemetryID: modelID)
        if io.json {
            try io.printJSON([
                "model": .string(model),
                "input": .string(source.path),
                "output": .string(out),
                "samples": .int(summary.samples),
                "output_shape": .array(summary.outputShape.map { .int($0) }),
                "output_dtype": .string(summary.outputType.name),
                "quantized_input": .bool(summary.quantizedInput),
                "dequantized": .bool(summary.dequantized),
                "arena_bytes": .int(summary.arenaBytes),
            ])
        } else {
            let quantized = summary.quantizedInput ? " (float input quantized)" : ""
            io.print("\(out): \(summary.samples) samples, \(summary.outputType.name) \(shapeText(summary.outputShape))\(quantized); arena \(summary.arenaBytes) bytes")
        }
        return .success
    }

    private func shapeText(_ shape: [Int]) -> String {
        "[" + shape.map(String.init).joined(separator: ", ") + "]"
    }
}
