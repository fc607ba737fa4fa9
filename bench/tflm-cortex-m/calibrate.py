"""Fits the cost model's coefficients to the instruction counts TFLM executed under QEMU, and
compares the model with the measurements (docs/cost-model.md).

    python3 bench/tflm-cortex-m/calibrate.py            # estimate vs measurement per model
    python3 bench/tflm-cortex-m/calibrate.py --swift    # regenerate CostTable+Measured.swift
    python3 bench/tflm-cortex-m/calibrate.py --cv       # leave-one-model-out error
    python3 bench/tflm-cortex-m/calibrate.py --codesize # regenerate TFLMCodeSize+Measured.swift

Reads results/*.json (recorded TFLM runs under QEMU, see docs/cost-model.md) and, for each model and core, the per-operator cost class,
implementation, MACs and work from `tinyops check --json` (the debug build under .build). For
each (cost class, implementation, core) it fits instructions = a*MACs + b*work + c with a, b,
c >= 0, minimising the squared error (so the big ops, which set the latency, fit best).
"""
import glob
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
TINYOPS = os.environ.get("TINYOPS", os.path.join(ROOT, ".build", "debug", "tinyops"))
CORES = {"m0": "cortex-m0", "m3": "cortex-m3", "m4": "cortex-m4f", "m7": "cortex-m7", "m33": "cortex-m33",
         "m55": "cortex-m55"}
# Cycles per instruction assumed for each core (CostTable.cyclesPerInstruction).
CPI = {"m0": 1.5, "m3": 1.25, "m4": 1.25, "m7": 0.8, "m33": 1.2, "m55": 1.3}
IMPLEMENTATIONS = {"CMSIS-NN pure C": ".cmsisNN(.pureC)", "CMSIS-NN DSP": ".cmsisNN(.dsp)",
                   "CMSIS-NN MVE": ".cmsisNN(.mve)", "portable C int": ".portableInteger",
                   "float (FPU)": ".floatHardware", "float (software)": ".floatSoftware"}


def model_path(name):
    fixture = os.path.join(ROOT, "Tests", "Fixtures", name + ".tflite")
    return fixture if os.path.exists(fixture) else os.path.join(HERE, "models", name + ".tflite")


def check(name, core):
    out = subprocess.run([TINYOPS, "check", model_path(name), "--target", CORES[core], "--clock-mhz", "1", "--json"],
                         capture_output=True, text=True).stdout
    return json.loads(out)


def fit(rows):
    """Fits by relative error (ops span five orders of magnitude), after dropping ops the
    absolute-error fit (dominated by the big ops) misses by more than 3x: an unusually fast
    small op (a MEAN taking a special path) must not drag its class's cost down."""
    coef = fit_weighted(rows, lambda r: 1.0)
    kept = [r for r in rows if r[2] > 0 and 1 / 3 <= (coef[0] * r[0] + coef[1] * r[1] + coef[2]) / r[2] <= 3]
    return fit_weighted(kept if len(kept) >= 3 else rows, lambda r: 1.0 / r[2])


def fit_weighted(rows, weight):
    """a, b, c >= 0 minimising the weighted squared error of a*m + b*w + c - y, trying every subset of
    free coefficients (the others zero) and keeping the best non-negative solution. The
    coefficient that scales with the op's size (a for MAC ops, b otherwise) is always free, so
    a few odd samples cannot turn the cost into a constant that big models would break."""
    import itertools
    import numpy as np
    best = None
    scaling = 0 if any(r[0] for r in rows) else 1
    subsets = itertools.chain.from_iterable(itertools.combinations(range(3), k) for k in (1, 2, 3))
    for free in (f for f in subsets if scaling in f):
        x = np.array([[(r[0], r[1], 1.0)[i] * weight(r) for i in free] for r in rows])
        if not x.any():
            continue
        coef, *_ = np.linalg.lstsq(x, np.array([r[2] * weight(r) for r in rows]), rcond=None)
        if (coef < 0).any():
            continue
        full = [0.0, 0.0, 0.0]
        for i, value in zip(free, coef):
            full[i] = float(value)
        error = sum(((full[0] * r[0] + full[1] * r[1] + full[2] - r[2]) * weight(r)) ** 2 for r in rows)
        if best is None or error < best[0] - 1e-12:
            best = (error, full)
    return best[1]


def collect(print_rows):
    samples = {}
    if print_rows:
        print(f"{'core':4} {'model':16} {'estimate':>12} {'measured':>12} {'ratio':>6}")
    for path in sorted(glob.glob(os.path.join(HERE, "results", "*.json"))):
        result = json.load(open(path))
        core = result["core"]
        for name, measured in sorted(result["fixtures"].items()):
            ops = measured["op_instructions"]
            if not ops:
                continue
            report = check(name, core)
            if print_rows:
                cycles = sum(op["cycles"] for op in report["operators"])
                actual = measured["invoke_instructions"] * CPI[core]
                print(f"{core:4} {name:16} {cycles:12d} {actual:12.0f} {cycles / actual:6.2f}")
            for op, count in zip(report["operators"], ops):
                key = (op["cost_class"], op["implementation"], core)
                samples.setdefault(key, []).append((op["macs"], op["work"], count, name))
    return samples


def cross_validate(samples):
    """Leave one model out: fit without it, predict its kernel instructions, compare."""
    totals = {}
    for key, rows in samples.items():
        for held_out in {r[3] for r in rows}:
            train = [r[:3] for r in rows if r[3] != held_out] or [r[:3] for r in rows]
            a, b, c = fit(train)
            for r in rows:
                if r[3] == held_out:
                    t = totals.setdefault((key[2], held_out), [0.0, 0.0])
                    t[0] += a * r[0] + b * r[1] + c
                    t[1] += r[2]
    ratios = []
    print(f"{'core':4} {'model':16} {'predicted':>12} {'measured':>12} {'ratio':>6}   (leave-one-model-out)")
    for (core, name), (predicted, measured) in sorted(totals.items()):
        ratios.append(predicted / measured)
        print(f"{core:4} {name:16} {predicted:12.0f} {measured:12.0f} {predicted / measured:6.2f}")
    errors = sorted(abs(r - 1) for r in ratios)
    print(f"models: {len(ratios)}; median |error| {errors[len(errors) // 2]:.0%}, "
          f"90th percentile {errors[int(len(errors) * 0.9)]:.0%}, worst {errors[-1]:.0%}")


def swift(samples):
    lines = ["// Generated by bench/tflm-cortex-m/calibrate.py --swift from bench/tflm-cortex-m/results/*.json",
             "// (instructions TFLM + CMSIS-NN executed per operator under QEMU); do not edit by hand.",
             "// instructions = a * MACs + b * work + c, fitted per cost class, implementation and core.",
             "extension CostTable {",
             "    static let measured: [Key: Coefficients] = ["]
    for (cls, impl, core) in sorted(samples):
        if core not in ("m0", "m3", "m4", "m7", "m55"):
            continue
        a, b, c = fit([r[:3] for r in samples[(cls, impl, core)]])
        n = len(samples[(cls, impl, core)])
        lines.append(f"        Key(costClass: .{cls}, implementation: {IMPLEMENTATIONS[impl]}, tier: .{core}):")
        lines.append(f"            Coefficients(a: {a:.3f}, b: {b:.3f}, c: {c:.0f}),  // {n} ops")
    lines += ["    ]", "}"]
    return "\n".join(lines) + "\n"


def fixture_method_lists():
    """(path, name, [AddX, ...]) for every measured model firmware, from fixture_ops.py."""
    out = subprocess.run([sys.executable, os.path.join(HERE, "fixture_ops.py"), os.path.join(ROOT, "Tests", "Fixtures")],
                         capture_output=True, text=True).stdout
    result = []
    for line in out.splitlines():
        path, name, *ops = line.split()
        result.append((path, name, [op[3:-1] for op in ops]))
    return result


def codesize():
    """Core = interpreter with no op - start-up firmware - model; kernel = firmware with the op -
    interpreter with no op."""
    lines = ["// Generated by bench/tflm-cortex-m/calibrate.py --codesize from bench/tflm-cortex-m/results/*.json",
             "// (flash bytes of release TFLM + CMSIS-NN firmwares, arm-none-eabi-gcc 12.2); do not edit by hand.",
             "extension TFLMCodeSize {",
             "    static let measured: [Tier: Sizes] = ["]
    for core in ("m0", "m4", "m55"):
        path = os.path.join(HERE, "results", core + ".json")
        if not os.path.exists(path):
            continue
        sizes = json.load(open(path)).get("code_size", {})
        if "none" not in sizes or "baseline" not in sizes:
            continue
        none = sizes["none"]
        base = none["flash_bytes"] - sizes["baseline"]["flash_bytes"] - none["model_bytes"]
        kernels = {k: sizes[k]["flash_bytes"] - none["flash_bytes"] for k in sizes if k.startswith("Add")}
        # Kernels share helpers (quantization, shape code, libgcc), so a firmware with several
        # ops is smaller than the core plus every single-op increment. Model: the largest
        # kernel in full, the others at a fraction; the fraction is the median over the model
        # firmwares.
        fractions = []
        for path_, name, ops in fixture_method_lists():
            if name not in sizes or len(ops) < 2 or not all(m in kernels for m in ops):
                continue
            real = sizes[name]["flash_bytes"] - sizes["baseline"]["flash_bytes"] - sizes[name]["model_bytes"]
            ordered = sorted((kernels[m] for m in ops), reverse=True)
            fractions.append((real - base - ordered[0]) / sum(ordered[1:]))
        fractions.sort()
        fraction = fractions[len(fractions) // 2] if fractions else 1.0
        lines.append(f"        .{core}: Sizes(core: {base}, otherKernelFraction: {fraction:.3f}, kernels: [  "
                     f"// {len(fractions)} firmwares")
        for method in sorted(kernels):
            lines.append(f'            "{method}": {kernels[method]},')
        lines.append("        ]),")
    lines += ["    ]", "}"]
    out = os.path.join(ROOT, "Sources", "TinyOpsKit", "Targets", "TFLMCodeSize+Measured.swift")
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"wrote {out}")


def main():
    if "--swift" in sys.argv:
        out = os.path.join(ROOT, "Sources", "TinyOpsKit", "Targets", "CostTable+Measured.swift")
        with open(out, "w") as f:
            f.write(swift(collect(False)))
        print(f"wrote {out}")
    elif "--codesize" in sys.argv:
        codesize()
    elif "--cv" in sys.argv:
        cross_validate(collect(False))
    else:
        collect(True)


if __name__ == "__main__":
    main()
