"""Structured (channel) pruning: accuracy, MACs, flash and host latency at 25/50/75% of
the channels removed.

    python bench/optimize/structured.py --tinyops .build/release/tinyops --data build/imu \
        --spec models/imu_conv1d.json --train-epochs 30 --train-lr 0.005 [--json out.json]

For each fraction: `tinyops prune FLOAT --structured channels --sparsity f --all-layers`
(fine-tuned --epochs), then `tinyops quantize` (calibration on the train split) for the
int8 model that would ship. Flash is the int8 .tflite size; latency and arena come from
bench/runtime/bench_runtime.c (TinyOpsRuntime, -O2, this host, best of 5 x 2000 samples);
accuracy is on the test split (float: tinyops' forward pass; int8: TinyOpsRuntime).
"""
import argparse
import glob
import json
import os
import subprocess
import tempfile

from common import ROOT, log, tinyops


def runtime_bench(work):
    binary = os.path.join(work, "bench_runtime")
    sources = sorted(glob.glob(os.path.join(ROOT, "Sources/TinyOpsRuntime/*.c")))
    subprocess.run([os.environ.get("CC", "cc"), "-std=c99", "-O2", "-I" + os.path.join(ROOT, "Sources/TinyOpsRuntime/include"),
                    os.path.join(ROOT, "bench/runtime/bench_runtime.c"), *sources, "-o", binary], check=True)
    return binary


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tinyops", default=".build/release/tinyops")
    parser.add_argument("--data", required=True)
    parser.add_argument("--spec", required=True)
    parser.add_argument("--train-epochs", type=int, default=30)
    parser.add_argument("--train-lr", type=float, default=0.001)
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--lr", type=float, default=0.0005)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--fractions", default="0.25,0.5,0.75")
    parser.add_argument("--json")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="tinyops-structured-bench-")
    bench = runtime_bench(work)
    base = os.path.join(work, "float.tflite")
    tinyops(args.tinyops, "train", args.spec, "--data", args.data, "-o", base, "--epochs", str(args.train_epochs),
            "--lr", str(args.train_lr), "--batch-size", str(args.batch_size), "--seed", "0")
    rows = []
    for fraction in [0.0] + [float(f) for f in args.fractions.split(",")]:
        model = base
        if fraction > 0:
            model = os.path.join(work, f"channels_{fraction}.tflite")
            report = tinyops(args.tinyops, "prune", base, "--data", args.data, "--structured", "channels",
                             "--sparsity", str(fraction), "--all-layers", "-o", model, "--epochs", str(args.epochs),
                             "--lr", str(args.lr), "--batch-size", str(args.batch_size), "--seed", "0")
            float_accuracy, pruned_accuracy = report["accuracy"]["after"], report["accuracy"]["pruned"]
            parameters, macs = report["totals"]["parameters_after"], report["totals"]["macs_after"]
        int8 = os.path.join(work, f"channels_{fraction}_int8.tflite")
        quantized = tinyops(args.tinyops, "quantize", model, "--calibration", args.data, "-o", int8, "--data", args.data)
        if fraction == 0:
            float_accuracy = pruned_accuracy = quantized["accuracy"]["float"]
            inspect = tinyops(args.tinyops, "inspect", base)
            parameters, macs = inspect["totals"]["parameters"], inspect["totals"]["macs"]
        timing = json.loads(subprocess.run([bench, int8, "2000", "5"], capture_output=True, text=True, check=True).stdout)
        row = {"fraction": fraction, "parameters": parameters, "macs": macs, "float_bytes": os.path.getsize(model),
               "flash_int8_bytes": os.path.getsize(int8), "arena_bytes": timing["arena_bytes"],
               "us_per_sample": timing["us_per_sample"], "accuracy_pruned": pruned_accuracy,
               "accuracy_float": float_accuracy, "accuracy_int8": quantized["accuracy"]["int8"]}
        log(row)
        rows.append(row)
    print("| channels removed | parameters | MACs | int8 flash (bytes) | arena (bytes) | host µs/sample | acc. before fine-tune | float acc. | int8 acc. |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['fraction']:.0%} | {r['parameters']} | {r['macs']} | {r['flash_int8_bytes']} | {r['arena_bytes']} | "
              f"{r['us_per_sample']:.2f} | {r['accuracy_pruned']:.2%} | {r['accuracy_float']:.2%} | {r['accuracy_int8']:.2%} |")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"spec": args.spec, "data": args.data, "settings": vars(args), "rows": rows}, f, indent=1)


if __name__ == "__main__":
    main()
