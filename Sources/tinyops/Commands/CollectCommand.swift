import TinyOpsKit

/// `tinyops collect INPUT... -o DATASET`: recordings in, a versioned dataset out.
struct CollectCommand: Command {
    static let spec = CommandSpec(
        name: "collect",
        abstract: "Turn raw recordings (CSV, WAV, NPY or a serial port) into a dataset.",
        discussion: """
            Reads Edge Impulse-style CSV files (a timestamp column in ms, one column per \
            channel, an optional label column), 16-bit PCM WAV files and .npy arrays \
            ([time] or [time, channels]) from folders named after their labels, or captures \
            a board printing one sample per line on a serial port. Cuts the recordings into \
            windows, puts each recording in train, val or test by a hash of its name (so its \
            windows never straddle two splits and adding files never moves old ones), and \
            writes DATASET/x.npy, y.npy and dataset.json (see docs/dataset-format.md).

            Examples:
              tinyops collect data/ -o build/dataset --window 2000ms --stride 500ms
              tinyops collect new/ -o build/dataset --append
              tinyops collect --serial /dev/ttyACM0 --baud 115200 --duration 10s --label wave -o build/dataset
              tinyops collect --arrays exported/ -o build/dataset
              tinyops collect audio/ -o build/kws --window 1s --features mfcc
              tinyops collect imu/ -o build/imu --window 2s --stride 1s --features spectral:fft=64,peaks=3

            --features applies a feature block to every window, so x.npy holds what the model \
            eats: raw (the default), spectral (per channel: RMS, FFT amplitudes, peak \
            frequencies), logmel or mfcc (audio; defaults 40 ms frames every 20 ms, 1024-point \
            FFT, 40 mel bands over 20-4000 Hz, 10 coefficients: 49 x 10 for 1 s at 16 kHz). \
            Options follow a colon: mfcc:mels=40,coeffs=10,frame=40ms,step=20ms,fft=1024,\
            fmin=20,fmax=4000,floor=1e-10,preemph=0,window=hann|hamming|rect,arith=float|fixed; \
            spectral:fft=64,window=hann,detrend=linear|mean|none,peaks=3. The block is recorded in \
            dataset.json and, by train, in the model (docs/dataset-format.md).

            --arrays imports a dataset that already exists as numpy arrays: a folder with x.npy \
            ([N, ...] samples), y.npy ([N] integer labels), labels.txt (one class name per line) \
            and optionally split.txt (train, val or test per sample; otherwise each sample is \
            drawn into a split by --split and --seed).
            """,
        options: [
            .option("out", short: "o", value: "dataset", required: true, help: "The dataset folder to write (replaced if it is a dataset)."),
            .option("label", value: "name", help: "Label for recordings without a label column, instead of their folder's name."),
            .option("window", value: "length", help: "Window length: samples (50) or time (2000ms, 2s). Default: each recording is one sample."),
            .option("stride", value: "length", help: "Step between windows: samples or time (default: the window)."),
            .flag("pad", help: "Zero-pad recordings shorter than a window to one window (default: leave them out)."),
            .option("sample-rate", value: "hz", help: "Samples per second, for NPY and serial data, or to override the files' rates."),
            .option("split", value: "train/val/test", default: "70/15/15", help: "Share of recordings in each split."),
            .option("seed", value: "n", default: "0", help: "Seed of the split assignment."),
            .flag("append", help: "Add new recordings to the existing dataset, keeping its samples and splits."),
            .option("channels", value: "names", help: "Comma-separated channel names for WAV, NPY and serial data (default ch0, ch1, …)."),
            .option("serial", value: "device", help: "Capture from this serial port instead of reading files."),
            .option("baud", value: "rate", default: "115200", help: "Serial baud rate."),
            .option("duration", value: "time", help: "How long to capture from --serial (10s, 500ms)."),
            .option("arrays", value: "folder", help: "Import x.npy, y.npy, labels.txt (and split.txt) from this folder instead."),
            .option("features", value: "block[:key=value,...]", help: "Feature block for each window: raw, spectral, logmel, mfcc (default: raw)."),
        ],
        arguments: [.variadic("inputs", help: "Folders with a sub-folder per label, or recording files.")])

    let options: CollectOptions
    /// `--arrays FOLDER`: import numpy arrays instead of reading recordings.
    let arrays: String?

    init(_ args: ParsedArguments) throws {
        arrays = try args.path("arrays")
        var options = CollectOptions(inputs: try args.paths("inputs"), output: try args.path("out"))
        options.label = try args.string("label")
        options.window = try args.value("window", expected: Self.lengthExpectation, WindowLength.init(parsing:))
        options.stride = try args.value("stride", expected: Self.lengthExpectation, WindowLength.init(parsing:))
        if options.stride != nil && options.window == nil { throw UsageError.missingOption("--window <length>") }
        options.pad = args.flag("pad")
        options.sampleRate = try args.value("sample-rate", expected: "a positive number of samples per second") {
            ValueParsing.decimal($0).flatMap { $0 > 0 && $0 < 1e9 ? $0 : nil }
        }
        let split: SplitFractions = try args.value("split", expected: "three shares such as 70/15/15", SplitFractions.init(parsing:))!
        let seed: Int = try args.int("seed", in: 0...9_007_199_254_740_991)
        // Explicit values are checked against the dataset when appending; defaults are not.
        options.split = args.isPresent("split") || !args.flag("append") ? split : nil
        options.seed = args.isPresent("seed") || !args.flag("append") ? UInt64(seed) : nil
        options.append = args.flag("append")
        options.channelNames = try args.value("channels", expected: "comma-separated distinct names") { text in
            let names = text.split(separator: ",", omittingEmptySubsequences: false).map { String($0) }
            return names.allSatisfy({ !$0.isEmpty }) && Set(names).count == names.count ? names : nil
        }

        if let text = try args.string("features") {
            do {
                options.features = try FeatureOptions(parsing: text)
            } catch {
                throw UsageError.invalidValue(name: "--features", value: text, expected: Self.featureExpectation(error))
            }
        }

        let device: String? = try args.path("serial")
        if arrays != nil {
            guard options.inputs.isEmpty else { throw UsageError.conflictingOptions("<inputs>", "--arrays") }
            guard device == nil else { throw UsageError.conflictingOptions("--serial", "--arrays") }
            guard options.window == nil, !options.append else { throw UsageError.conflictingOptions("--window/--append", "--arrays") }
            guard options.features == nil else { throw UsageError.conflictingOptions("--features", "--arrays") }
        } else if let device {
            guard options.inputs.isEmpty else { throw UsageError.conflictingOptions("<inputs>", "--serial") }
            guard options.label != nil else { throw UsageError.missingOption("--label <name>") }
            let duration: Duration = try args.duration("duration")
            guard duration > .zero else {
                throw UsageError.invalidValue(name: "--duration", value: try args.string("duration"), expected: "a duration above zero")
            }
            let bauds = SerialOptions.supportedBauds
            let baud: Int = try args.value("baud", expected: "one of: " + bauds.map(String.init).joined(separator: ", ")) {
                Int($0).flatMap { bauds.contains($0) ? $0 : nil }
            }!
            options.serial = SerialOptions(device: device, baud: baud, duration: duration)
        } else {
            if args.isPresent("duration") { throw UsageError.missingOption("--serial <device>") }
            if args.isPresent("baud") { throw UsageError.missingOption("--serial <device>") }
            guard !options.inputs.isEmpty else { throw UsageError.missingArgument("<inputs>") }
        }
        self.options = options
    }

    static let lengthExpectation = "a number of samples (50) or a time (2000ms, 2s)"

    /// `invalidValue`'s "expected …" for a `--features` text that does not parse.
    static func featureExpectation(_ error: FeatureError) -> String {
        guard case .parse(_, let problem) = error else { return error.message }
        return "a block (raw, spectral, logmel, mfcc) with optional key=value options: \(problem)"
    }

    func run(_ io: CommandContext) throws -> ExitCode {
        if let arrays {
            let dataset = try ArrayImport.run(from: arrays, to: options.output, fractions: options.split ?? .standard,
                                              seed: options.seed ?? 0)
            let counts = DatasetSplit.allCases.map { "\($0.rawValue) \(dataset.indices(in: $0).count)" }.joined(separator: ", ")
            if io.json {
                try io.printJSON(["dataset": .string(options.output), "samples": .int(dataset.count),
                                  "sample_shape": .array(dataset.sampleShape.map { .int($0) }),
                                  "labels": .array(dataset.labels.map(JSONValue.string)),
                                  "dataset_hash": .string(dataset.manifest.datasetHash)])
            } else {
                io.print("imported \(dataset.count) samples of \(dataset.sampleShape) (\(dataset.labels.count) labels; \(counts)) into \(options.output)")
            }
            return .success
        }
        if let serial = options.serial {
            io.note("capturing \(serial.device) at \(serial.baud) baud for \(serial.duration.formatted())…")
        }
        let report = try DatasetCollector.collect(options)
        for warning in report.warnings { io.note("\(io.programName): warning: \(warning.message)") }
        if io.json {
            try io.printJSON(report.json())
        } else {
            io.stdout.write(report.text())
        }
        return .success
    }
}

extension Duration {
    /// `10 s`, `0.5 s`.
    fileprivate func formatted() -> String {
        let (seconds, attoseconds) = components
        let value = Double(seconds) + Double(attoseconds) / 1e18
        return (value == value.rounded() ? String(Int(value)) : String(value)) + " s"
    }
}
