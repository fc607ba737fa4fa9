"""Magnitude pruning: tinyops prune vs TensorFlow Model Optimization's prune_low_magnitude,
same starting weights, same schedule, same epochs.

    PYTHONPATH=<dir with tensorflow-model-optimization> TF_USE_LEGACY_KERAS=1 \
    /work/venv-tf/bin/python bench/optimize/prune_vs_tfmot.py --tinyops .build/release/tinyops \
        --data build/imu --spec models/imu_conv1d.json --train-epochs 30 --train-lr 0.005 [--seeds 3] [--json out.json]

Protocol, for each sparsity and seed:
- the float model is trained once by `tinyops train` (seed 0); both sides start from its
  weights (TFMOT's Keras model gets them copied from the .tflite) and its input normalization;
- both prune every weighted layer (`--all-layers`; TFMOT wraps the whole model), per layer,
  with PolynomialDecay(0 -> s, begin 0, end = ramp epochs x steps per epoch, frequency f),
  then fine-tune with fixed masks; Adam (eps 1e-8) at the same learning rate, batch size and
  epochs; the kept weights are those of the epoch with the lowest validation loss among
  the epochs after the ramp (tinyops does this itself; a callback does it for Keras);
- accuracy is on the dataset's test split.
"""
import argparse
import json
import os
import tempfile

import numpy as np

from common import (keras_model, load_dataset, load_tinyops_weights, log, mean, metadata, normalise,
                    steps_per_epoch, tinyops)


def tfmot_prune(spec, float_model, meta, data, sparsity, args, seed):
    import tensorflow as tf
    import tf_keras as keras
    import tensorflow_model_optimization as tfmot
    x, y, labels, split = data
    keras.utils.set_random_seed(seed)
    xn = normalise(x, meta)
    train, val, test = split == "train", split == "val", split == "test"
    model = keras_model(spec, x.shape[1:], len(labels))
    load_tinyops_weights(model, spec, float_model)
    copied = float((model.predict(xn[test], verbose=0).argmax(axis=1) == y[test]).mean())
    log(f"    Keras copy of the float model: test accuracy {copied:.4f}")
    steps = steps_per_epoch(int(train.sum()), args.batch_size)
    schedule = tfmot.sparsity.keras.PolynomialDecay(initial_sparsity=0.0, final_sparsity=sparsity, begin_step=0,
                                                    end_step=args.ramp_epochs * steps, frequency=args.frequency)
    pruned = tfmot.sparsity.keras.prune_low_magnitude(model, pruning_schedule=schedule)
    pruned.compile(optimizer=keras.optimizers.Adam(learning_rate=args.lr, epsilon=1e-8),
                   loss=keras.losses.SparseCategoricalCrossentropy(), metrics=["accuracy"])

    class KeepBest(keras.callbacks.Callback):
        best, weights = np.inf, None

        def on_epoch_end(self, epoch, logs=None):
            if epoch >= args.ramp_epochs and logs["val_loss"] < self.best:
                self.best, self.weights = logs["val_loss"], self.model.get_weights()

    keep = KeepBest()
    pruned.fit(xn[train], y[train], batch_size=args.batch_size, epochs=args.epochs, shuffle=True, verbose=0,
               validation_data=(xn[val], y[val]), callbacks=[tfmot.sparsity.keras.UpdatePruningStep(), keep])
    if keep.weights is not None:
        pruned.set_weights(keep.weights)
    final = tfmot.sparsity.keras.strip_pruning(pruned)
    accuracy = float((final.predict(xn[test], verbose=0).argmax(axis=1) == y[test]).mean())
    kernels = [w for layer in final.layers for w in layer.get_weights()[:1] if w.ndim > 1]
    zeros = sum(int((k == 0).sum()) for k in kernels)
    return accuracy, zeros / sum(k.size for k in kernels)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tinyops", default=".build/release/tinyops")
    parser.add_argument("--data", required=True)
    parser.add_argument("--spec", required=True)
    parser.add_argument("--train-epochs", type=int, default=30)
    parser.add_argument("--train-lr", type=float, default=0.001)
    parser.add_argument("--epochs", type=int, default=20, help="fine-tuning epochs")
    parser.add_argument("--ramp-epochs", type=int, default=10)
    parser.add_argument("--frequency", type=int, default=10)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=0.0005)
    parser.add_argument("--sparsities", default="0.5,0.8")
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--json")
    args = parser.parse_args()
    with open(args.spec) as f:
        spec = json.load(f)
    data = load_dataset(args.data)
    work = tempfile.mkdtemp(prefix="tinyops-prune-bench-")
    base = os.path.join(work, "float.tflite")
    trained = tinyops(args.tinyops, "train", args.spec, "--data", args.data, "-o", base, "--epochs", str(args.train_epochs),
                      "--lr", str(args.train_lr), "--batch-size", str(args.batch_size), "--seed", "0")
    meta = metadata(args.tinyops, base)
    float_accuracy = trained["test"]["accuracy"]
    steps = steps_per_epoch(int((data[3] == "train").sum()), args.batch_size)
    log(f"{args.spec} on {args.data}: float test accuracy {float_accuracy:.4f}; {steps} steps per epoch, "
        f"ramp {args.ramp_epochs * steps} steps (frequency {args.frequency})")
    rows = []
    for sparsity in [float(s) for s in args.sparsities.split(",")]:
        ours, theirs, our_sparsity, their_sparsity = [], [], [], []
        for seed in range(args.seeds):
            out = os.path.join(work, f"pruned_{sparsity}_{seed}.tflite")
            report = tinyops(args.tinyops, "prune", base, "--data", args.data, "--sparsity", str(sparsity), "-o", out,
                             "--epochs", str(args.epochs), "--ramp-epochs", str(args.ramp_epochs),
                             "--frequency", str(args.frequency), "--batch-size", str(args.batch_size),
                             "--lr", str(args.lr), "--seed", str(seed), "--all-layers", "--scope", "layer")
            ours.append(report["accuracy"]["after"])
            our_sparsity.append(report["sparsity"])
            accuracy, achieved = tfmot_prune(spec, base, meta, data, sparsity, args, seed)
            theirs.append(accuracy)
            their_sparsity.append(achieved)
            log(f"  sparsity {sparsity} seed {seed}: tinyops {ours[-1]:.4f} ({our_sparsity[-1]:.4f} zeros), "
                f"TFMOT {accuracy:.4f} ({achieved:.4f} zeros)")
        rows.append({"sparsity": sparsity, "float": float_accuracy, "tinyops": ours, "tfmot": theirs,
                     "tinyops_sparsity": our_sparsity, "tfmot_sparsity": their_sparsity,
                     "tinyops_gzip": report["bytes"]["gzip_after"], "float_gzip": report["bytes"]["gzip_before"],
                     "bytes": report["bytes"]["after"]})
    print(f"| {'sparsity':8} | float | tinyops (mean, seeds) | TFMOT (mean, seeds) | tinyops - float | tinyops - TFMOT | gzip -9 bytes |")
    for r in rows:
        print(f"| {r['sparsity']:.0%} | {r['float']:.2%} | {mean(r['tinyops']):.2%} ({', '.join(f'{a:.2%}' for a in r['tinyops'])}) | "
              f"{mean(r['tfmot']):.2%} ({', '.join(f'{a:.2%}' for a in r['tfmot'])}) | "
              f"{(mean(r['tinyops']) - r['float']) * 100:+.2f} pp | {(mean(r['tinyops']) - mean(r['tfmot'])) * 100:+.2f} pp | "
              f"{r['float_gzip']} -> {r['tinyops_gzip']} |")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"spec": args.spec, "data": args.data, "settings": vars(args), "rows": rows}, f, indent=1)


if __name__ == "__main__":
    main()
