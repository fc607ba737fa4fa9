"""Quantization-aware training vs post-training quantization of the same float model.

    TINYOPS_PYTHON=/work/venv-tf/bin/python python bench/optimize/qat.py --tinyops .build/release/tinyops \
        --data bench/data/digits --spec models/cnn2d_small.json [--seeds 3] [--json out.json]

For each seed `tinyops train --qat` trains the float model, quantizes it after training
(PTQ: min/max calibration on 200 train samples, as `tinyops quantize --calibration DATASET`)
and, separately, fine-tunes it with fake quantization for --qat-epochs and exports it
through the quantizer with the learned ranges. Both int8 models are evaluated on the test
split in TinyOpsRuntime. The QAT model's int8 outputs on the test split are also run in
TFLite Micro (Tests/Oracles/tflm_run.py) and compared byte for byte with `tinyops predict`.
"""
import argparse
import json
import os
import subprocess
import tempfile

import numpy as np

from common import ROOT, load_dataset, log, mean, metadata, normalise, tinyops


def tflm_identical(binary, python, model, data, meta, work):
    """The QAT int8 model on the test split in TinyOpsRuntime (`tinyops predict`) and in
    TFLite Micro, from the same int8 inputs: how many samples have identical output bytes."""
    x, _, _, split = load_dataset(data)
    xn = normalise(x[split == "test"], meta)
    info = tinyops(binary, "inspect", model)["inputs"][0]["quantization"]
    scale, zero_point = info["scale"][0], info["zero_point"][0]
    q = xn / np.float32(scale)
    q = np.clip(np.sign(q) * np.floor(np.abs(q) + 0.5) + zero_point, -128, 127).astype(np.int8)
    inputs, ours, theirs = (os.path.join(work, name) for name in ("in.npy", "ours.npy", "tflm.npy"))
    np.save(inputs, q)
    tinyops(binary, "predict", model, "--input", inputs, "-o", ours)
    job = os.path.join(work, "job.json")
    with open(job, "w") as f:
        json.dump({"jobs": [{"model": model, "inputs": [inputs], "outputs": [theirs]}]}, f)
    subprocess.run([python, os.path.join(ROOT, "Tests/Oracles/tflm_run.py"), job], check=True)
    a, b = np.load(ours), np.load(theirs)
    return int((a.reshape(len(a), -1) == b.reshape(len(b), -1)).all(axis=1).sum()), len(a)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tinyops", default=".build/release/tinyops")
    parser.add_argument("--data", required=True)
    parser.add_argument("--spec", required=True)
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--lr", type=float, default=0.001)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--qat-epochs", type=int, default=5)
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--python", default=os.environ.get("TINYOPS_PYTHON", "python3"), help="a Python with tflite-micro")
    parser.add_argument("--json")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="tinyops-qat-bench-")
    rows = []
    for seed in range(args.seeds):
        out = os.path.join(work, f"qat_{seed}.tflite")
        report = tinyops(args.tinyops, "train", args.spec, "--data", args.data, "-o", out, "--epochs", str(args.epochs),
                         "--lr", str(args.lr), "--batch-size", str(args.batch_size), "--seed", str(seed),
                         "--qat", "--qat-epochs", str(args.qat_epochs))
        q = report["qat"]
        # Control: the same float model fine-tuned as long without fake quantization, then PTQ
        # (so QAT's extra epochs alone do not explain a gain).
        float_model = os.path.join(work, f"float_{seed}.tflite")
        tinyops(args.tinyops, "train", args.spec, "--data", args.data, "-o", float_model, "--epochs", str(args.epochs),
                "--lr", str(args.lr), "--batch-size", str(args.batch_size), "--seed", str(seed))
        tuned = os.path.join(work, f"tuned_{seed}.tflite")
        tinyops(args.tinyops, "prune", float_model, "--data", args.data, "--sparsity", "0", "--schedule", "constant",
                "--epochs", str(args.qat_epochs), "--lr", str(args.lr / 10), "--batch-size", str(args.batch_size),
                "--seed", str(seed), "-o", tuned)
        control = tinyops(args.tinyops, "quantize", tuned, "--calibration", args.data, "--data", args.data,
                          "-o", os.path.join(work, f"tuned_{seed}_int8.tflite"))
        same, total = tflm_identical(args.tinyops, args.python, out, args.data, metadata(args.tinyops, float_model), work)
        rows.append({"seed": seed, "float": q["float_accuracy"], "ptq": q["ptq_int8_accuracy"], "qat": q["qat_int8_accuracy"],
                     "tuned_ptq": control["accuracy"]["int8"], "int8_bytes": q["int8_bytes"], "tflm_identical": same,
                     "tflm_samples": total})
        log(rows[-1])
    print(f"{args.spec} on {args.data}, {args.seeds} seeds, {args.epochs} float epochs + {args.qat_epochs} QAT epochs")
    print("| float | PTQ int8 | fine-tuned + PTQ int8 | QAT int8 | QAT - PTQ | per seed (float / PTQ / tuned PTQ / QAT) | TFLM identical |")
    print(f"| {mean([r['float'] for r in rows]):.2%} | {mean([r['ptq'] for r in rows]):.2%} | {mean([r['tuned_ptq'] for r in rows]):.2%} | "
          f"{mean([r['qat'] for r in rows]):.2%} | {(mean([r['qat'] for r in rows]) - mean([r['ptq'] for r in rows])) * 100:+.2f} pp | "
          + ", ".join(f"{r['float']:.2%} / {r['ptq']:.2%} / {r['tuned_ptq']:.2%} / {r['qat']:.2%}" for r in rows)
          + f" | {sum(r['tflm_identical'] for r in rows)}/{sum(r['tflm_samples'] for r in rows)} |")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"settings": vars(args), "rows": rows}, f, indent=1)


if __name__ == "__main__":
    main()
