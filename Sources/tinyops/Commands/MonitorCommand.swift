import TinyOpsKit

/// `tinyops monitor LOGS... --model MODEL.tflite`: device telemetry against the training statistics.
struct MonitorCommand: Command {
    enum FailOn: String, CaseIterable, Sendable { case warn, alert }

    static let spec = CommandSpec(
        name: "monitor",
        abstract: "Compare device telemetry with the model's training statistics: input drift, prediction shift, confidence, latency.",
        discussion: """
            Reads the telemetry lines a device prints (tinyops_invoke_with_telemetry; lines \
            starting with '@tm1 ', other output is ignored) from log files or a serial port, \
            and compares them with the statistics tinyops train stored in the model: the \
            population stability index (PSI) of every input channel's window mean and energy \
            against the train split, the predicted classes against the training class \
            balance (PSI and Jensen-Shannon), the share of low-confidence windows against \
            held-out data, and latency percentiles. Definitions and thresholds: \
            docs/monitoring.md. Malformed telemetry lines (bad checksum, cut, wrong model \
            shape) are skipped and reported with file:line.

            --thresholds takes key=value items, comma-separated or repeated: psi-warn (0.1), \
            psi-alert (0.25), class-psi-warn (0.1), class-psi-alert (0.25), min-score (0.5), \
            low-confidence-warn (0.1), low-confidence-alert (0.2), latency-p95-warn, \
            latency-p95-alert (times: 20ms, 800us), min-windows (100).

            Exit status: 0 when nothing reaches --fail-on, 3 when a statistic does (for \
            alerting from CI or cron), 1 on a bad model or log, 2 on a bad command line.

            Examples:
              tinyops monitor device-*.log --model build/imu_int8.tflite
              tinyops monitor --serial /dev/ttyACM0 --duration 10m --model build/imu_int8.tflite --json
              tinyops monitor fleet.log --model imu_int8.tflite --thresholds psi-alert=0.2,latency-p95-alert=30ms --fail-on warn
            """,
        options: [
            .option("model", value: "tflite", required: true, help: "The deployed model (its metadata holds the training statistics)."),
            .option("thresholds", value: "key=value,...", repeatable: true, help: "Warn and alert levels (see above)."),
            .choice("fail-on", of: FailOn.self, default: .alert, help: "Exit 3 when a statistic reaches this level."),
            .option("model-id", value: "id", help: "Use only the lines with this model id (needed when the logs hold several)."),
            .option("serial", value: "device", help: "Read telemetry from this serial port instead of files."),
            .option("baud", value: "rate", default: "115200", help: "Serial baud rate."),
            .option("duration", value: "time", help: "How long to listen on --serial (60s, 10m)."),
        ],
        arguments: [.variadic("logs", help: "Log files holding telemetry lines.")])

    let model: String
    let source: MonitorJob.Source
    let options: MonitorJob.Options
    let failOn: FailOn

    init(_ args: ParsedArguments) throws {
        model = try args.path("model")
        var options = MonitorJob.Options()
        for text in try args.values("thresholds", expected: "key=value items", { $0 as String? }) {
            do {
                try options.thresholds.apply(text)
            } catch {
                throw UsageError.invalidValue(name: "--thresholds", value: text, expected: "key=value items: \(error.message)")
            }
        }
        options.modelID = try args.string("model-id")
        failOn = try args.choice("fail-on")
        let logs = try args.paths("logs")
        if let device: String = try args.path("serial") {
            guard logs.isEmpty else { throw UsageError.conflictingOptions("<logs>", "--serial") }
            let duration: Duration = try args.duration("duration")
            guard duration > .zero else {
                throw UsageError.invalidValue(name: "--duration", value: try args.string("duration"), expected: "a duration above zero")
            }
            let bauds = SerialOptions.supportedBauds
            let baud: Int = try args.value("baud", expected: "one of: " + bauds.map(String.init).joined(separator: ", ")) {
                Int($0).flatMap { bauds.contains($0) ? $0 : nil }
            }!
            source = .serial(SerialOptions(device: device, baud: baud, duration: duration))
        } else {
            if args.isPresent("duration") || args.isPresent("baud") { throw UsageError.missingOption("--serial <device>") }
            guard !logs.isEmpty else { throw UsageError.missingArgument("<logs>") }
            source = .files(logs)
        }
        self.options = options
    }

    func run(_ io: CommandContext) throws -> ExitCode {
        if case .serial(let serial) = source { io.note("listening on \(serial.device) at \(serial.baud) baud…") }
        let report = try MonitorJob.run(model: model, source: source, options: options)
        let malformed = report.lines.malformed
        for problem in malformed.prefix(10) { io.note("\(io.programName): warning: \(problem): skipped") }
        if malformed.count > 10 { io.note("\(io.programName): warning: \(malformed.count - 10) more malformed lines skipped") }
        if io.json { try io.printJSON(report.json()) } else { io.stdout.write(report.text()) }
        return report.fails(at: failOn == .warn ? .warn : .alert) ? .checkFailed : .success
    }
}
