#!/usr/bin/env python3
"""Converts the UEA BasicMotions time-series set into Edge Impulse-style CSV recordings.

Input: the folder holding BasicMotions_TRAIN.ts and BasicMotions_TEST.ts as shipped inside
the `aeon` PyPI package (aeon/datasets/data/BasicMotions/). By default the folder of an
installed aeon is used (found without importing aeon):

    pip install --no-deps aeon==1.6.0
    python3 examples/imu-activity/convert_basicmotions.py

or, from an unpacked wheel:

    python3 examples/imu-activity/convert_basicmotions.py path/to/aeon/datasets/data/BasicMotions

Output: examples/imu-activity/data/<label>/basicmotions_<train|test>_<NNN>.csv, one file per
case, NNN being the case's 0-based position in its .ts file. Each file has a `timestamp` column
in milliseconds (the archive states a sample every tenth of a second: 0, 100, ..., 9900) and
the six dimensions as channels accX, accY, accZ, gyrX, gyrY, gyrZ. The values are copied as
text, unchanged. Standard library only.
"""
import importlib.util
import os
import sys

CHANNELS = ["accX", "accY", "accZ", "gyrX", "gyrY", "gyrZ"]
PERIOD_MS = 100


def default_source():
    spec = importlib.util.find_spec("aeon")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("aeon is not installed; pass the BasicMotions folder as an argument")
    return os.path.join(list(spec.submodule_search_locations)[0], "datasets", "data", "BasicMotions")


def cases(path):
    """Yields (dimensions as lists of value texts, class label) for each case of a .ts file."""
    in_data = False
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if line.lower() == "@data":
                in_data = True
                continue
            if not in_data:
                continue
            *dimensions, label = line.split(":")
            yield [d.split(",") for d in dimensions], label


def main():
    source = sys.argv[1] if len(sys.argv) > 1 else default_source()
    out_root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
    written = 0
    for part in ("TRAIN", "TEST"):
        for index, (dimensions, label) in enumerate(cases(os.path.join(source, f"BasicMotions_{part}.ts"))):
            assert len(dimensions) == len(CHANNELS), f"{part} case {index}: {len(dimensions)} dimensions"
            length = len(dimensions[0])
            assert all(len(d) == length for d in dimensions), f"{part} case {index}: ragged dimensions"
            folder = os.path.join(out_root, label.lower())
            os.makedirs(folder, exist_ok=True)
            name = os.path.join(folder, f"basicmotions_{part.lower()}_{index:03d}.csv")
            with open(name, "w", encoding="utf-8", newline="\n") as out:
                out.write("timestamp," + ",".join(CHANNELS) + "\n")
                for t in range(length):
                    out.write(str(t * PERIOD_MS) + "," + ",".join(d[t] for d in dimensions) + "\n")
            written += 1
    print(f"wrote {written} recordings under {out_root}")


if __name__ == "__main__":
    main()
