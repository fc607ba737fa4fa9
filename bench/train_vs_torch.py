"""Train the same architecture in tinyops and PyTorch, side by side, and compare test
accuracy and training throughput.

    python bench/train_vs_torch.py --tinyops .build/release/tinyops --data bench/data [--seeds 3] [--json out.json]

For each (spec, dataset) both sides use the same architecture (built here from the spec
JSON), the same split (the dataset's train/val/test), the same per-channel input
normalisation (mean/std of the training split), the same initialisation scheme
(Glorot-uniform weights, zero biases, as tinyops), the same optimizer and learning rate,
batch size, epochs and shuffling per epoch, and the same model selection (the weights of
the epoch with the lowest validation loss). Only the random streams differ.

Throughput is training samples per second over the training steps only (forward,
backward, update), excluding validation and start-up, with torch.set_num_threads(2).
tinyops reports the same figure in its --json output (`samples_per_second`).
"""
import argparse
import copy
import json
import math
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

CONFIGS = [
    # spec, dataset, epochs, batch size, learning rate, optimizer
    ("mlp.json", "digits", 30, 32, 0.001, "adam"),
    ("cnn2d_small.json", "digits", 20, 32, 0.001, "adam"),
    ("imu_conv1d.json", "basic_motions", 100, 8, 0.01, "adam"),
    ("imu_conv1d.json", "italy_power", 100, 16, 0.005, "adam"),
]


# ---------------------------------------------------------------- data

def load_dataset(directory):
    x = np.load(os.path.join(directory, "x.npy")).astype(np.float32)
    y = np.load(os.path.join(directory, "y.npy")).astype(np.int64)
    with open(os.path.join(directory, "dataset.json")) as f:
        manifest = json.load(f)
    # Rows are [id, source, start, split, label] (docs/dataset-format.md).
    split = np.array([row[3] for row in manifest["samples"]])
    return x, y, manifest["labels"], split


def normalise(x, train):
    """Per-channel (last axis) mean/std of the training split, as tinyops does."""
    channels = x.shape[-1]
    flat = x[train].reshape(-1, channels).astype(np.float64)
    mean = flat.mean(axis=0)
    std = np.sqrt(np.maximum((flat ** 2).mean(axis=0) - mean ** 2, 0))
    std[std <= 1e-6] = 1
    return ((x - mean) / std).astype(np.float32)


# ---------------------------------------------------------------- model from spec

def tf_same_padding(size, k, s):
    out = (size + s - 1) // s
    total = max((out - 1) * s + k - size, 0)
    return total // 2, total - total // 2, out


class SpecNet(nn.Module):
    """A tinyops model spec as a PyTorch module (channels-first inside)."""

    def __init__(self, spec, sample_shape, classes):
        super().__init__()
        self.steps = []  # (kind, module-or-settings, name)
        self.mods = nn.ModuleList()
        shape = list(sample_shape)  # tinyops layout: [F], [L, C] or [H, W, C]
        self.input_rank = len(shape)
        names = {"input": 0}
        shapes = [shape]
        layers = spec["layers"] if isinstance(spec, dict) else spec
        expanded = []
        for i, layer in enumerate(layers):
            name = layer.get("name", f"{layer['type']}_{i}")
            expanded.append((dict(layer), name))
            act = layer.get("activation")
            if act in ("relu", "relu6") and layer["type"] != "add":
                expanded[-1][0].pop("activation")
                expanded.append(({"type": act}, f"{name}/{act}"))
            elif layer["type"] == "add" and act in ("relu", "relu6"):
                expanded[-1][0].pop("activation")
                expanded.append(({"type": act}, f"{name}/{act}"))
        self.final_softmax = expanded[-1][0]["type"] == "softmax"
        if self.final_softmax:
            expanded = expanded[:-1]
        for layer, name in expanded:
            t = layer["type"]
            shape = shapes[-1]
            module, settings = None, None

            def pair(v, rank):
                v = v if isinstance(v, list) else [v]
                return v * rank if len(v) == 1 else v

            if t == "dense":
                units = classes if layer["units"] == "classes" else layer["units"]
                module = nn.Linear(shape[0], units, bias=layer.get("use_bias", True))
                out = [units]
            elif t in ("conv1d", "conv2d", "depthwise_conv2d", "separable_conv2d"):
                rank = 1 if t == "conv1d" else 2
                spatial, c = shape[:-1], shape[-1]
                k = pair(layer["kernel_size"], rank)
                s = pair(layer.get("strides", 1), rank)
                pads, out_sp = [], []
                for size, kk, ss in zip(spatial, k, s):
                    if layer.get("padding", "valid") == "same":
                        a, b, o = tf_same_padding(size, kk, ss)
                    else:
                        a, b, o = 0, 0, (size - kk) // ss + 1
                    pads.append((a, b))
                    out_sp.append(o)
                conv = nn.Conv1d if rank == 1 else nn.Conv2d
                m = layer.get("depth_multiplier", 1)
                bias = layer.get("use_bias", True)
                if t in ("conv1d", "conv2d"):
                    module = conv(c, layer["filters"], k, s, bias=bias)
                    out = out_sp + [layer["filters"]]
                elif t == "depthwise_conv2d":
                    module = nn.Conv2d(c, c * m, k, s, groups=c, bias=bias)
                    out = out_sp + [c * m]
                else:
                    module = nn.Sequential(nn.Conv2d(c, c * m, k, s, groups=c, bias=False),
                                           nn.Conv2d(c * m, layer["filters"], 1, bias=bias))
                    out = out_sp + [layer["filters"]]
                # F.pad takes the last axis first.
                flat = []
                for a, b in reversed(pads):
                    flat += [a, b]
                settings = flat
            elif t in ("max_pool", "avg_pool"):
                if layer.get("padding", "valid") != "valid":
                    raise SystemExit("bench: SAME pooling is not translated")
                rank = len(shape) - 1
                k = pair(layer["pool_size"], rank)
                s = pair(layer.get("strides", layer["pool_size"]), rank)
                cls = {("max_pool", 1): nn.MaxPool1d, ("max_pool", 2): nn.MaxPool2d,
                       ("avg_pool", 1): nn.AvgPool1d, ("avg_pool", 2): nn.AvgPool2d}[(t, rank)]
                module = cls(k, s)
                out = [(size - kk) // ss + 1 for size, kk, ss in zip(shape[:-1], k, s)] + [shape[-1]]
            elif t == "global_avg_pool":
                out = [shape[-1]]
            elif t == "flatten":
                out = [int(np.prod(shape))]
            elif t == "dropout":
                module = nn.Dropout(layer["rate"])
                out = shape
            elif t == "batch_norm":
                cls = nn.BatchNorm1d if len(shape) <= 2 else nn.BatchNorm2d
                module = cls(shape[-1], eps=layer.get("epsilon", 0.001), momentum=1 - layer.get("momentum", 0.9))
                out = shape
            elif t in ("relu", "relu6", "softmax"):
                out = shape
            elif t == "add":
                settings = names[layer["from"]]
                out = shape
            else:
                raise SystemExit(f"bench: layer type {t} not translated")
            if module is not None:
                self.mods.append(module)
                module_index = len(self.mods) - 1
            else:
                module_index = None
            self.steps.append((t, module_index, settings, len(shape)))
            shapes.append(out)
            names[name] = len(shapes) - 1
        self.reset_parameters()

    def reset_parameters(self):
        """Glorot-uniform weights with tinyops' fans, zero biases; BN gamma 1, beta 0."""
        for module in self.modules():
            if isinstance(module, (nn.Linear, nn.Conv1d, nn.Conv2d)):
                w = module.weight
                receptive = int(np.prod(w.shape[2:])) if w.dim() > 2 else 1
                if isinstance(module, nn.Conv2d) and module.groups > 1:
                    fan_in = receptive
                    fan_out = receptive * (w.shape[0] // module.groups)
                else:
                    fan_in = w.shape[1] * receptive
                    fan_out = w.shape[0] * receptive
                limit = math.sqrt(6 / (fan_in + fan_out))
                nn.init.uniform_(w, -limit, limit)
                if module.bias is not None:
                    nn.init.zeros_(module.bias)

    def forward(self, x):
        # tinyops layout → channels first
        if self.input_rank == 2:
            x = x.permute(0, 2, 1)
        elif self.input_rank == 3:
            x = x.permute(0, 3, 1, 2)
        outputs = [x]
        for t, index, settings, in_rank in self.steps:
            if t in ("conv1d", "conv2d", "depthwise_conv2d", "separable_conv2d"):
                if any(settings):
                    x = F.pad(x, settings)
                x = self.mods[index](x)
            elif t in ("dense", "max_pool", "avg_pool", "dropout", "batch_norm"):
                x = self.mods[index](x)
            elif t == "global_avg_pool":
                x = x.mean(dim=tuple(range(2, x.dim())))
            elif t == "flatten":
                x = x.flatten(1)
            elif t == "relu":
                x = F.relu(x)
            elif t == "relu6":
                x = F.relu6(x)
            elif t == "softmax":
                x = F.softmax(x, dim=1)
            elif t == "add":
                x = x + outputs[settings]
            outputs.append(x)
        return x  # logits (a final softmax is folded into the loss)


def train_torch(spec, x, y, split, classes, epochs, batch, lr, optimizer, seed, threads=2):
    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    np_random = np.random.default_rng(seed)
    train = np.where(split == "train")[0]
    val = np.where(split == "val")[0]
    test = np.where(split == "test")[0]
    xn = torch.from_numpy(normalise(x, train))
    yt = torch.from_numpy(y)
    model = SpecNet(spec, x.shape[1:], classes)
    if optimizer == "adam":
        opt = torch.optim.Adam(model.parameters(), lr=lr)
    else:
        opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()
    best = (math.inf, None)
    train_seconds = 0.0
    for epoch in range(epochs):
        model.train()
        order = np_random.permutation(train)
        start = time.perf_counter()
        for first in range(0, len(order), batch):
            idx = torch.from_numpy(order[first:first + batch])
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(xn[idx]), yt[idx])
            loss.backward()
            opt.step()
        train_seconds += time.perf_counter() - start
        if len(val):
            model.eval()
            with torch.no_grad():
                val_loss = loss_fn(model(xn[val]), yt[val]).item()
            if val_loss < best[0]:
                best = (val_loss, copy.deepcopy(model.state_dict()))
    if best[1] is not None:
        model.load_state_dict(best[1])
    model.eval()
    with torch.no_grad():
        predicted = model(xn[test]).argmax(dim=1)
    accuracy = (predicted == yt[test]).float().mean().item()
    return accuracy, epochs * len(train) / train_seconds


def train_tinyops(binary, spec_path, data, epochs, batch, lr, optimizer, seed):
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [binary, "train", spec_path, "--data", data, "-o", os.path.join(tmp, "m.tflite"),
               "--epochs", str(epochs), "--batch-size", str(batch), "--lr", str(lr),
               "--optimizer", optimizer, "--seed", str(seed), "--json"]
        result = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
    return result["test"]["accuracy"], result["samples_per_second"], " ".join(cmd[1:3] + cmd[4:5] + cmd[7:])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tinyops", default=".build/release/tinyops")
    parser.add_argument("--data", default="bench/data")
    parser.add_argument("--models", default="models")
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--json")
    args = parser.parse_args()
    torch.set_num_threads(2)
    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}, load average {os.getloadavg()}")
    rows = []
    for spec_file, dataset, epochs, batch, lr, optimizer in CONFIGS:
        spec_path = os.path.join(args.models, spec_file)
        with open(spec_path) as f:
            spec = json.load(f)
        data = os.path.join(args.data, dataset)
        x, y, labels, split = load_dataset(data)
        tiny, torch_ = [], []
        for seed in range(args.seeds):
            # Alternate the two sides so both see the same machine load.
            tiny.append(train_tinyops(args.tinyops, spec_path, data, epochs, batch, lr, optimizer, seed))
            torch_.append(train_torch(spec, x, y, split, len(labels), epochs, batch, lr, optimizer, seed))
        # PyTorch with one thread too: on a loaded 2-core machine its two OpenMP threads can
        # spin against each other, and the fairer comparison is against its better figure.
        one_thread = train_torch(spec, x, y, split, len(labels), epochs, batch, lr, optimizer, 0, threads=1)[1]
        row = {
            "spec": spec_file, "dataset": dataset, "epochs": epochs, "batch_size": batch, "lr": lr,
            "optimizer": optimizer, "seeds": args.seeds,
            "tinyops_test_accuracy": [a for a, _, _ in tiny],
            "torch_test_accuracy": [a for a, _ in torch_],
            "tinyops_samples_per_second": [s for _, s, _ in tiny],
            "torch_samples_per_second": [s for _, s in torch_],
            "torch_1_thread_samples_per_second": one_thread,
            "tinyops_command": tiny[0][2],
        }
        row["accuracy_difference_pp"] = 100 * (np.mean(row["tinyops_test_accuracy"]) - np.mean(row["torch_test_accuracy"]))
        tiny_speed = float(np.median(row["tinyops_samples_per_second"]))
        torch_speed = float(np.median(row["torch_samples_per_second"]))
        row["throughput_ratio"] = tiny_speed / torch_speed
        row["throughput_ratio_vs_best_torch"] = tiny_speed / max(torch_speed, one_thread)
        rows.append(row)
        print(f"{spec_file:18} {dataset:14} acc tinyops {100 * np.mean(row['tinyops_test_accuracy']):6.2f}% "
              f"torch {100 * np.mean(row['torch_test_accuracy']):6.2f}% (diff {row['accuracy_difference_pp']:+.2f} pp)  "
              f"samples/s tinyops {np.median(row['tinyops_samples_per_second']):9.0f} "
              f"torch {torch_speed:9.0f} (1 thread {one_thread:9.0f})  ratio {row['throughput_ratio']:.2f} "
              f"(vs best {row['throughput_ratio_vs_best_torch']:.2f})",
              flush=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"torch": torch.__version__, "rows": rows}, f, indent=1)


if __name__ == "__main__":
    sys.exit(main())
