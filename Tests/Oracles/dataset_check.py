#!/usr/bin/env python3
"""Independent check of a tinyops dataset directory with numpy and hashlib.

Usage: dataset_check.py DATASET [INPUT_ROOT]

Checks, and exits non-zero with a message on the first failure:
- x.npy / y.npy load with numpy, have the dtypes and shapes dataset.json states, and their
  SHA-256 (hashlib) matches;
- dataset_hash is the SHA-256 of json.dumps(manifest without dataset_hash and
  tinyops_version, sort_keys=True, separators=(",", ":"), ensure_ascii=False);
- class_counts match y and the per-sample splits; y matches the per-sample labels;
- stats (mean, population std, min, max per channel over the train split, NaNs left out)
  match numpy's nanmean/nanstd/nanmin/nanmax computed in float64 (mean and std to 1e-5
  relative, min and max exactly);
- with INPUT_ROOT: every sample equals the window of its source CSV file read by numpy
  (np.genfromtxt), and every recording's sha256 matches the file. CSV sources only.
"""
import hashlib
import json
import os
import sys

import numpy as np


def fail(message):
    sys.exit(f"dataset_check: {message}")


def sha256(path):
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def main():
    directory = sys.argv[1]
    root = sys.argv[2] if len(sys.argv) > 2 else None
    with open(os.path.join(directory, "dataset.json"), encoding="utf-8") as handle:
        manifest = json.load(handle)

    content = {k: v for k, v in manifest.items() if k not in ("dataset_hash", "tinyops_version")}
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    if hashlib.sha256(canonical.encode("utf-8")).hexdigest() != manifest["dataset_hash"]:
        fail("dataset_hash does not match the canonical JSON")

    arrays = {}
    for key, dtype in (("x", np.float32), ("y", np.int32)):
        entry = manifest["files"][key]
        path = os.path.join(directory, entry["path"])
        if sha256(path) != entry["sha256"]:
            fail(f"{key}.npy sha256 mismatch")
        array = np.load(path)
        if array.dtype != dtype or list(array.shape) != entry["shape"]:
            fail(f"{key}.npy is {array.dtype} {array.shape}, manifest says {entry['dtype']} {entry['shape']}")
        arrays[key] = array
    x, y = arrays["x"], arrays["y"]

    labels = manifest["labels"]
    fields = manifest["sample_fields"]
    samples = [dict(zip(fields, row)) for row in manifest["samples"]]
    if len(samples) != len(y) or manifest["count"] != len(y):
        fail("sample count mismatch")
    for index, sample in enumerate(samples):
        if labels[y[index]] != sample["label"]:
            fail(f"sample {index}: y={y[index]} but label {sample['label']}")
        if sample["id"] != f"{sample['source']}@{sample['start']}":
            fail(f"sample {index}: bad id {sample['id']}")
    keys = [(s["source"].encode("utf-8"), s["start"]) for s in samples]
    if keys != sorted(keys):
        fail("samples are not ordered by source, then start")
    for split in ("train", "val", "test"):
        counts = [0] * len(labels)
        for index, sample in enumerate(samples):
            if sample["split"] == split:
                counts[y[index]] += 1
        if counts != manifest["class_counts"][split]:
            fail(f"class_counts[{split}] {manifest['class_counts'][split]} != {counts}")
    by_source = {}
    for sample in samples:
        by_source.setdefault(sample["source"], set()).add(sample["split"])
    if any(len(splits) > 1 for splits in by_source.values()):
        fail("a recording has windows in two splits")

    stats = manifest["stats"]
    chosen = [i for i, s in enumerate(samples) if s["split"] == "train"] if stats["computed_on"] == "train" else list(range(len(samples)))
    values = x[chosen].reshape(-1, x.shape[-1]).astype(np.float64)
    expected = {
        "mean": np.nanmean(values, axis=0), "std": np.nanstd(values, axis=0),
        "min": np.nanmin(values, axis=0), "max": np.nanmax(values, axis=0),
    }
    for key, want in expected.items():
        got = np.array(stats[key], dtype=np.float64)
        if key in ("min", "max"):
            ok = np.array_equal(got.astype(np.float32), want.astype(np.float32))
        else:
            ok = np.allclose(got, want, rtol=1e-5, atol=1e-6)
        if not ok:
            fail(f"stats.{key} {got} != numpy {want}")
    if stats["nan_count"] != [int(n) for n in np.isnan(x.reshape(-1, x.shape[-1])).sum(axis=0)]:
        fail("nan_count mismatch")

    if root:
        recordings = {r["source"]: r for r in manifest["recordings"]}
        window = manifest["sample_shape"][0]
        for index, sample in enumerate(samples):
            entry = recordings[sample["source"]]
            path = os.path.join(root, sample["source"])
            if entry["kind"] != "csv":
                continue
            if sha256(path) != entry["sha256"]:
                fail(f"{path}: sha256 mismatch")
            table = np.genfromtxt(path, delimiter=",", names=True, dtype=np.float64)
            names = [n for n in table.dtype.names if n.lower() not in ("timestamp", "label")]
            data = np.stack([table[n] for n in names], axis=1).astype(np.float32)
            expected_window = np.zeros((window, data.shape[1]), dtype=np.float32)
            part = data[sample["start"]:sample["start"] + window]
            expected_window[: len(part)] = part
            if not np.array_equal(x[index], expected_window, equal_nan=True):
                fail(f"sample {index} ({sample['id']}) differs from numpy's reading of {path}")
    print(f"dataset_check: ok ({len(samples)} samples)")


if __name__ == "__main__":
    main()
