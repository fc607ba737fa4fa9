"""Write real datasets in the tinyops dataset format (DESIGN.md) for the training benchmark.

    TINYOPS=.build/release/tinyops python bench/make_datasets.py OUT_DIR

Writes OUT_DIR/<name>/{x.npy, y.npy, dataset.json} for
  digits           scikit-learn's load_digits: 1797 8x8 images, 10 classes, x [N, 8, 8, 1];
                   a stratified 60/20/20 train/val/test split (seed 0).
  basic_motions    UEA BasicMotions shipped in aeon: accelerometer + gyroscope of a
                   smartwatch, 4 activities, x [N, 100, 6]; the archive's train/test split,
                   with 20% of train held out (stratified, seed 0) as val.
  italy_power      UCR ItalyPowerDemand shipped in aeon: daily electricity demand, 2 classes,
                   x [N, 24, 1]; split as basic_motions.

This is oracle-side data preparation (numpy, scikit-learn, aeon), not part of tinyops.
"""
import os
import subprocess
import sys

import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split


def write(out, name, x, y, labels, split, source):
    """Writes the arrays, then imports them with `tinyops collect --arrays` so the dataset is
    in the exact format (hashes, statistics) that `tinyops train` and `quantize` verify."""
    arrays = os.path.join(out, name + "-arrays")
    os.makedirs(arrays, exist_ok=True)
    np.save(os.path.join(arrays, "x.npy"), np.ascontiguousarray(x, dtype=np.float32))
    np.save(os.path.join(arrays, "y.npy"), np.asarray(y, dtype=np.int32))
    with open(os.path.join(arrays, "labels.txt"), "w") as f:
        f.write("\n".join(str(label) for label in labels) + "\n")
    with open(os.path.join(arrays, "split.txt"), "w") as f:
        f.write("\n".join(split) + "\n")
    with open(os.path.join(arrays, "SOURCE"), "w") as f:
        f.write(source + "\n")
    subprocess.run([TINYOPS, "collect", "--arrays", arrays, "-o", os.path.join(out, name)], check=True)


def digits(out):
    data = load_digits()
    x = data.images.astype(np.float32)[..., None]  # [N, 8, 8, 1]
    y = data.target.astype(np.int32)
    index = np.arange(len(y))
    train, rest = train_test_split(index, test_size=0.4, stratify=y, random_state=0)
    val, test = train_test_split(rest, test_size=0.5, stratify=y[rest], random_state=0)
    split = np.empty(len(y), dtype=object)
    split[train], split[val], split[test] = "train", "val", "test"
    write(out, "digits", x, y, [str(d) for d in range(10)], list(split), "sklearn.datasets.load_digits")


def ucr(out, name, archive_name):
    from aeon.datasets import load_classification
    x_train, y_train = load_classification(archive_name, split="train")
    x_test, y_test = load_classification(archive_name, split="test")
    labels = sorted(set(y_train) | set(y_test))
    to_index = {label: i for i, label in enumerate(labels)}
    x = np.concatenate([x_train, x_test]).transpose(0, 2, 1)  # aeon: [N, channels, length]
    y = np.array([to_index[v] for v in list(y_train) + list(y_test)], dtype=np.int32)
    n_train = len(y_train)
    train, val = train_test_split(np.arange(n_train), test_size=0.2, stratify=y[:n_train], random_state=0)
    split = np.empty(len(y), dtype=object)
    split[train], split[val], split[n_train:] = "train", "val", "test"
    write(out, name, x, y, labels, list(split), f"aeon.datasets.load_classification('{archive_name}')")


TINYOPS = os.environ.get("TINYOPS", ".build/release/tinyops")


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "bench/data"
    digits(out)
    ucr(out, "basic_motions", "BasicMotions")
    ucr(out, "italy_power", "ItalyPowerDemand")


if __name__ == "__main__":
    main()
