import Foundation

/// The stages a `tinyops.json` describes, in order: collect → train → optimize steps →
/// check → package → report. Each calls the same library function as its command does.
/// Outputs: collect `dataset/`; train and every optimize step `model.tflite` (the model the
/// next stage takes) plus a JSON report; check `check-<target>.json`; package `model.tpk`;
/// report `report.html`.
public enum PipelineStages {
    public static func stages(for config: PipelineConfig) -> [PipelineStage] {
        var stages = [collect(config), train(config)]
        var model = "train"
        for (i, step) in config.optimize.enumerated() {
            let stage = optimize(step, index: i, config: config, model: model)
            stages.append(stage)
            model = stage.name
        }
        if let check = config.check { stages.append(checkStage(check, config: config, model: model)) }
        if let package = config.package { stages.append(packageStage(package, config: config, model: model)) }
        if let deploy = config.deploy { stages.append(deployStage(deploy, config: config, model: model)) }
        // The report puts the trained float model and the final model side by side.
        if config.report { stages.append(reportStage(config, models: model == "train" ? ["train"] : ["train", model])) }
        return stages
    }

    static func section(_ config: PipelineConfig, _ key: String) -> JSONValue { config.sections[key] ?? .null }

    static func collect(_ config: PipelineConfig) -> PipelineStage {
        let c = config.collect
        return PipelineStage(name: "collect", files: c.arrays.map { [$0] } ?? c.inputs, upstream: [],
                             options: section(config, "collect")) { run in
            let output = run.output + "/dataset"
            if let arrays = c.arrays {
                let dataset = try ArrayImport.run(from: run.file(arrays), to: output,
                                                  fractions: c.split.flatMap(SplitFractions.init(parsing:)) ?? .standard,
                                                  seed: UInt64(c.seed))
                return ["samples": .int(dataset.count), "classes": .int(dataset.labels.count)]
            }
            var options = CollectOptions(inputs: c.inputs.map(run.file), output: output)
            options.window = c.window.flatMap(WindowLength.init(parsing:))
            options.stride = c.stride.flatMap(WindowLength.init(parsing:))
            options.pad = c.pad
            options.sampleRate = c.sampleRate
            options.split = c.split.flatMap(SplitFractions.init(parsing:)) ?? .standard
            options.seed = UInt64(c.seed)
            options.label = c.label
            options.features = try c.features.map { try FeatureOptions(parsing: $0) }
            let report = try DatasetCollector.collect(options)
            let manifest = report.manifest
            return ["samples": .int(manifest.count), "classes": .int(manifest.labels.count),
                    "sample_shape": .array(manifest.sampleShape.map { .int($0) }), "dataset_hash": .string(manifest.datasetHash)]
        }
    }

    static func train(_ config: PipelineConfig) -> PipelineStage {
        PipelineStage(name: "train", files: [config.train.spec], upstream: ["collect"], options: section(config, "train")) { run in
            let report = try TrainJob.run(spec: run.file(config.train.spec), data: run.upstream["collect"]! + "/dataset",
                                          output: run.output + "/model.tflite", options: config.train.options)
            try report.json().write(to: run.output + "/train.json")
            var metrics: JSONObject = ["model_bytes": .int(try FileBytes.read(run.output + "/model.tflite").count),
                                       "epochs_run": .int(report.outcome.history.count)]
            if let test = report.outcome.test { metrics["test_accuracy"] = .number(test.accuracy) }
            if let validation = report.outcome.validation { metrics["val_accuracy"] = .number(validation.accuracy) }
            return metrics
        }
    }

    static func optimize(_ step: PipelineConfig.OptimizeStep, index: Int, config: PipelineConfig, model: String) -> PipelineStage {
        let options = config.sections["optimize"]?[index] ?? .null
        let name = config.optimize.prefix(index).contains { Self.kind($0) == Self.kind(step) } ? "\(Self.kind(step))-\(index + 1)" : Self.kind(step)
        switch step {
        case .prune(let prune, let training):
            return PipelineStage(name: name, files: [], upstream: ["collect", model], options: options) { run in
                let report = try PruneJob.run(input: run.upstream[model]! + "/model.tflite", data: run.upstream["collect"]! + "/dataset",
                                              output: run.output + "/model.tflite", options: prune, training: training)
                try report.json().write(to: run.output + "/prune.json")
                var metrics: JSONObject = ["model_bytes": .int(try FileBytes.read(run.output + "/model.tflite").count),
                                           "sparsity": .number(report.sparsity),
                                           "accuracy_before": .number(report.accuracyBefore), "accuracy_after": .number(report.accuracyAfter),
                                           "macs_after": .int(report.totals.macsAfter)]
                if let int8 = report.int8Accuracy { metrics["int8_accuracy"] = .number(int8) }
                return metrics
            }
        case .distill(let student, let distill, let training):
            return PipelineStage(name: name, files: [student], upstream: ["collect", model], options: options) { run in
                let report = try DistillJob.run(teacher: run.upstream[model]! + "/model.tflite", student: run.file(student),
                                                data: run.upstream["collect"]! + "/dataset", output: run.output + "/model.tflite",
                                                options: distill, training: training)
                try report.json().write(to: run.output + "/distill.json")
                return ["model_bytes": .int(try FileBytes.read(run.output + "/model.tflite").count),
                        "teacher_accuracy": .number(report.teacherAccuracy), "student_accuracy": .number(report.studentAccuracy)]
            }
        case .quantize(let method, let samples, let io):
            return PipelineStage(name: name, files: [], upstream: ["collect", model], options: options) { run in
                let dataset = run.upstream["collect"]! + "/dataset"
                let report = try QuantizeJob.run(model: run.upstream[model]! + "/model.tflite", calibration: dataset,
                                                 output: run.output + "/model.tflite", samples: samples,
                                                 options: .init(method: method, io: io), evaluation: dataset)
                try report.json().write(to: run.output + "/quantize.json")
                var metrics: JSONObject = ["model_bytes": .int(report.int8Bytes), "float_bytes": .int(report.floatBytes)]
                if let accuracy = report.accuracy {
                    metrics["float_accuracy"] = .number(accuracy.float)
                    metrics["int8_accuracy"] = .number(accuracy.int8)
                }
                metrics["worst_layer_sqnr_db"] = report.layers.layers.map(\.sqnr).filter(\.isFinite).min().map { .number(($0 * 100).rounded() / 100) } ?? .null
                return metrics
            }
        }
    }

    /// The stage name of an optimize step (`prune`, `qat`, `distill`, `quantize`).
    static func kind(_ step: PipelineConfig.OptimizeStep) -> String {
        switch step {
        case .quantize: return "quantize"
        case .prune(let options, _): return options.sparsity == 0 && options.quantizationAware ? "qat" : "prune"
        case .distill: return "distill"
        }
    }

    static func checkStage(_ check: PipelineConfig.Check, config: PipelineConfig, model: String) -> PipelineStage {
        PipelineStage(name: "check", files: [], upstream: [model], options: section(config, "check")) { run in
            var metrics = JSONObject()
            var fitsAll = true
            for name in check.targets {
                let target = Target.named(name)!
                let report = try ModelCheck.run(path: run.upstream[model]! + "/model.tflite", options: CheckOptions(
                    target: target, runtime: check.runtime, maxLatencyMs: check.maxLatencyMs,
                    maxRAMBytes: check.maxRAM, maxFlashBytes: check.maxFlash))
                try report.json().write(to: run.output + "/check-\(name).json")
                try AtomicFile.write(Array(report.text().utf8), to: run.output + "/check-\(name).txt")
                fitsAll = fitsAll && report.passes
                metrics[name] = [
                    "fits": .bool(report.passes),
                    "arena_bytes": report.memory.ram.needed.map { .int($0) } ?? .null,
                    "flash_bytes": report.flash.flash.needed.map { .int($0) } ?? .null,
                    "latency_ms": report.compute.latencyMs.map { .number(($0 * 1000).rounded() / 1000) } ?? .null,
                ]
            }
            metrics["fits"] = .bool(fitsAll)
            return metrics
        }
    }

    static func packageStage(_ package: PipelineConfig.PackageStep, config: PipelineConfig, model: String) -> PipelineStage {
        PipelineStage(name: "package", files: [package.key], upstream: [model], options: section(config, "package")) { run in
            let options = try UpdatePackage.Options(
                modelID: package.modelID ?? config.name, version: SemanticVersion(package.version)!, target: package.target,
                minRuntimeVersion: UpdatePackage.runtimeVersion, lockHash: run.lockHash)
            let result = try UpdatePackage.create(modelPath: run.upstream[model]! + "/model.tflite", keyPath: run.file(package.key),
                                                  options: options, outputPath: run.output + "/model.tpk")
            return ["package_bytes": .int(result.bytes), "version": .string(package.version)]
        }
    }

    static func deployStage(_ deploy: PipelineConfig.DeployStep, config: PipelineConfig, model: String) -> PipelineStage {
        PipelineStage(name: "deploy", files: [], upstream: [model], options: section(config, "deploy")) { run in
            var metrics = JSONObject()
            for format in deploy.formats {
                let result = try Deployer.run(modelPath: run.upstream[model]! + "/model.tflite", options: DeployOptions(
                    format: format, prefix: try CSymbolPrefix(deploy.name), outputDirectory: run.output + "/" + format.rawValue,
                    target: deploy.target.flatMap(Target.named), force: deploy.force))
                if result.refused {
                    throw PipelineError.deployRefused(format: format.rawValue, target: deploy.target ?? "?")
                }
                metrics[format.rawValue] = ["files": .int(result.files.count),
                                            "arena_bytes": (format == .cArray ? result.tflmArenaBytes : result.tinyopsArenaBytes).map { .int($0) } ?? .null]
            }
            return metrics
        }
    }

    static func reportStage(_ config: PipelineConfig, models: [String]) -> PipelineStage {
        let target = config.check?.targets.first ?? config.package?.target ?? "nano33ble"
        let runtime = config.check?.runtime ?? .tflm
        return PipelineStage(name: "report", files: [], upstream: models,
                             options: ["target": .string(target), "runtime": .string(runtime.rawValue)]) { run in
            let html = try ReportPage.render(models: models.map { run.upstream[$0]! + "/model.tflite" },
                                             options: CheckOptions(target: Target.named(target) ?? Target.named("nano33ble")!, runtime: runtime),
                                             title: "tinyops report: \(config.name)")
            try AtomicFile.write(Array(html.utf8), to: run.output + "/report.html")
            return ["bytes": .int(html.utf8.count)]
        }
    }
}
