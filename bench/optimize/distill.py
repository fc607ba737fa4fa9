"""Knowledge distillation: a small student trained with a teacher's soft targets
(`tinyops distill`) vs the same student trained alone (`--baseline`: same seed, options,
data), over several seeds.

    python bench/optimize/distill.py --tinyops .build/release/tinyops --data bench/data/digits \
        --teacher-spec models/cnn2d_small.json --student bench/optimize/specs/mlp_tiny.json [--seeds 5] [--json out.json]

The teacher is trained once by `tinyops train` (seed 0), or, with --teacher-from tensorflow,
by Keras on the raw samples and converted to a float .tflite by the TensorFlow converter
(no tinyops metadata: tinyops feeds it raw samples). Accuracy is on the test split.
"""
import argparse
import json
import os
import tempfile

from common import keras_model, load_dataset, log, mean, tinyops


def tensorflow_teacher(spec_path, data_dir, out, epochs, lr, batch):
    import tensorflow as tf
    import tf_keras as keras
    with open(spec_path) as f:
        spec = json.load(f)
    x, y, labels, split = load_dataset(data_dir)
    keras.utils.set_random_seed(0)
    model = keras_model(spec, x.shape[1:], len(labels))
    model.compile(optimizer=keras.optimizers.Adam(lr), loss=keras.losses.SparseCategoricalCrossentropy(), metrics=["accuracy"])
    train, val = split == "train", split == "val"
    model.fit(x[train], y[train], batch_size=batch, epochs=epochs, validation_data=(x[val], y[val]), verbose=0)
    converter = tf.lite.TFLiteConverter.from_keras_model(model)
    with open(out, "wb") as f:
        f.write(converter.convert())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tinyops", default=".build/release/tinyops")
    parser.add_argument("--data", required=True)
    parser.add_argument("--teacher-spec", required=True)
    parser.add_argument("--teacher-from", choices=["tinyops", "tensorflow"], default="tinyops")
    parser.add_argument("--teacher-epochs", type=int, default=30)
    parser.add_argument("--teacher-lr", type=float, default=0.001)
    parser.add_argument("--student", required=True)
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--lr", type=float, default=0.001)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--temperature", type=float, default=4)
    parser.add_argument("--alpha", type=float, default=0.5)
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--json")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="tinyops-distill-bench-")
    teacher = os.path.join(work, "teacher.tflite")
    if args.teacher_from == "tinyops":
        tinyops(args.tinyops, "train", args.teacher_spec, "--data", args.data, "-o", teacher, "--epochs", str(args.teacher_epochs),
                "--lr", str(args.teacher_lr), "--batch-size", str(args.batch_size), "--seed", "0")
    else:
        tensorflow_teacher(args.teacher_spec, args.data, teacher, args.teacher_epochs, args.teacher_lr, args.batch_size)
    rows = []
    for seed in range(args.seeds):
        report = tinyops(args.tinyops, "distill", "--teacher", teacher, "--student", args.student, "--data", args.data,
                         "-o", os.path.join(work, f"student_{seed}.tflite"), "--baseline", "--seed", str(seed),
                         "--epochs", str(args.epochs), "--lr", str(args.lr), "--batch-size", str(args.batch_size),
                         "--temperature", str(args.temperature), "--alpha", str(args.alpha))
        rows.append(report["accuracy"])
        log(f"seed {seed}: {report['accuracy']}")
    teacher_accuracy = rows[0]["teacher"]
    students = [r["student"] for r in rows]
    baselines = [r["baseline"] for r in rows]
    print(f"teacher ({args.teacher_from}, {args.teacher_spec}): {teacher_accuracy:.2%}; student {args.student} "
          f"({report['student_parameters']} parameters), T = {args.temperature}, alpha = {args.alpha}, {args.seeds} seeds")
    print(f"| student with KD | student alone | gain | per seed (KD / alone) |")
    print(f"| {mean(students):.2%} | {mean(baselines):.2%} | {(mean(students) - mean(baselines)) * 100:+.2f} pp | "
          + ", ".join(f"{s:.2%} / {b:.2%}" for s, b in zip(students, baselines)) + " |")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"settings": vars(args), "teacher": teacher_accuracy, "student": students, "baseline": baselines,
                       "student_parameters": report["student_parameters"]}, f, indent=1)


if __name__ == "__main__":
    main()
