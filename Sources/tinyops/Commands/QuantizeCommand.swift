import TinyOpsKit

/// `tinyops quantize`: full-integer post-training quantization of a float32 `.tflite`.
struct QuantizeCommand: Command {
    enum Method: String, CaseIterable, Sendable { case minmax, percentile, mse }

    static let spec = CommandSpec(
        name: "quantize",
        abstract: "Quantize a float32 .tflite to full-integer int8, following the TFLite int8 specification.",
        discussion: """
            Weights become per-channel symmetric int8, activations per-tensor asymmetric int8 \
            calibrated by running the float model on --calibration samples, biases int32. The \
            model takes and returns int8 unless --io float adds QUANTIZE/DEQUANTIZE at the edges. \
            --calibration takes a dataset directory (from `tinyops collect`; the train split is \
            used) or an .npy file of raw samples stacked on axis 0; the input \
            normalization recorded by `tinyops train` is applied to them. The report shows, for \
            every layer, the error of its int8 output against the float output (SQNR, cosine) \
            on held-out samples, so you see which layer hurts, and float vs int8 accuracy when \
            a labelled dataset is at hand.
            """,
        options: [
            .option("out", short: "o", value: "path", required: true, help: "Where to write the int8 .tflite."),
            .option("calibration", value: "path", required: true, help: "Calibration samples: a dataset directory (its train split) or an .npy file [N, ...input shape]."),
            .option("samples", value: "n", default: "200", help: "How many calibration samples to use at most."),
            .choice("method", of: Method.self, default: .minmax,
                    help: "How activation ranges are chosen: observed min/max, percentiles (see --percentile), or MSE-optimal clipping."),
            .option("percentile", value: "p", default: "99.99", help: "Percentile kept by --method percentile."),
            .choice("io", of: Quantizer.IOType.self, default: .int8, help: "Type of the model's input and output."),
            .option("data", value: "dataset", help: "A labelled dataset to compare float and int8 accuracy on (default: --calibration when it is a dataset)."),
            .choice("split", of: DatasetSplit.self, default: .test, help: "Split of --data to compare on and to measure per-layer error with."),
        ],
        arguments: [.required("model", help: "The float32 .tflite model.")],
        supportsJSON: true)

    let model: String
    let out: String
    let calibration: String
    let samples: Int
    let options: Quantizer.Options
    let data: String?
    let split: DatasetSplit

    init(_ args: ParsedArguments) throws {
        model = try args.path("model")
        out = try args.path("out")
        calibration = try args.path("calibration")
        samples = try args.int("samples", in: 1...1_000_000)
        let method: Method = try args.choice("method")
        let percentile: Double = try args.double("percentile", in: 50...100)
        let calibrationMethod: CalibrationMethod
        switch method {
        case .minmax: calibrationMethod = .minMax
        case .percentile: calibrationMethod = .percentile(percentile)
        case .mse: calibrationMethod = .mse
        }
        options = Quantizer.Options(method: calibrationMethod, io: try args.choice("io"))
        data = try args.path("data")
        split = try args.choice("split")
    }

    func run(_ io: CommandContext) throws -> ExitCode {
        let report = try QuantizeJob.run(model: model, calibration: calibration, output: out, samples: samples,
                                         options: options, evaluation: data, split: split)
        if io.json {
            try io.printJSON(report.json())
        } else {
            io.stdout.write(report.text())
        }
        return .success
    }
}
