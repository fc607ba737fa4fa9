"""Host latency of the peers on the same .tflite files (for bench/runtime/run.sh).

    python peers_latency.py MODEL.tflite... [--samples N] [--repeats R]

Prints one JSON line per model and runtime: TFLite Micro (pip tflite-micro, reference
kernels) and, when TensorFlow is importable, the TFLite interpreter with its default
(XNNPACK) kernels and with the reference kernels (BUILTIN_REF), single-threaded.
For each: microseconds per sample of set input + invoke + read output ("us_per_sample"),
and of invoke alone on a fixed input ("invoke_us"), best of R repeats, measured as process
CPU time (time.process_time), so a busy shared machine does not inflate it. The Python
binding adds a few microseconds per call, which dominates for tiny models.
"""
import argparse
import json
import time

import numpy as np


def samples_for(shape, dtype, count):
    rng = np.random.default_rng(1)
    if dtype == np.int8:
        return rng.integers(-128, 128, size=[count] + list(shape), dtype=np.int8)
    return rng.uniform(-2, 2, size=[count] + list(shape)).astype(np.float32)


def best_of(repeats, count, body):
    best = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        body()
        best = min(best, (time.process_time() - start) / count)
    return best * 1e6


def tflm(model, count, repeats):
    from tflite_micro.python.tflite_micro import runtime
    it = runtime.Interpreter.from_file(model, arena_size=1 << 20)
    d = it.get_input_details(0)
    xs = samples_for([int(s) for s in d["shape"]], d["dtype"], count)

    def run_all():
        for x in xs:
            it.set_input(x, 0)
            it.invoke()
            it.get_output(0)

    def invoke_only():
        for _ in range(count):
            it.invoke()

    it.set_input(xs[0], 0)
    return best_of(repeats, count, run_all), best_of(repeats, count, invoke_only)


def tflite(model, count, repeats, reference):
    import tensorflow as tf
    kwargs = {"num_threads": 1}
    if reference:
        kwargs["experimental_op_resolver_type"] = tf.lite.experimental.OpResolverType.BUILTIN_REF
    it = tf.lite.Interpreter(model_path=model, **kwargs)
    it.allocate_tensors()
    d, o = it.get_input_details()[0], it.get_output_details()[0]
    xs = samples_for(d["shape"], d["dtype"], count)

    def run_all():
        for x in xs:
            it.set_tensor(d["index"], x)
            it.invoke()
            it.get_tensor(o["index"])

    def invoke_only():
        for _ in range(count):
            it.invoke()

    it.set_tensor(d["index"], xs[0])
    return best_of(repeats, count, run_all), best_of(repeats, count, invoke_only)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("models", nargs="+")
    parser.add_argument("--samples", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    peers = [("tflm", lambda m: tflm(m, args.samples, args.repeats))]
    try:
        import os
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
        import tensorflow  # noqa: F401
        peers.append(("tflite_xnnpack", lambda m: tflite(m, args.samples, args.repeats, False)))
        peers.append(("tflite_reference", lambda m: tflite(m, args.samples, args.repeats, True)))
    except ImportError:
        pass
    for model in args.models:
        for name, measure in peers:
            per_sample, invoke = measure(model)
            print(json.dumps({"model": model, "runtime": name, "us_per_sample": round(per_sample, 3),
                              "invoke_us": round(invoke, 3)}), flush=True)


if __name__ == "__main__":
    main()
