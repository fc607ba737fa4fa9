"""Run .tflite models in the TFLite Micro Python interpreter (test oracle).

Needs only numpy and tflite-micro (which brings flatbuffers).

Usage
-----
    python tflm_run.py JOB.json
    python tflm_run.py --check-load MODEL [--arena-size BYTES]

JOB.json::

    {"jobs": [{"model": "m.tflite",
               "inputs": ["in0.npy", ...],
               "outputs": ["out0.npy", ...],
               "arena_size": 1048576}]}

Relative paths are resolved against the current working directory.
``arena_size`` is optional (default 1 MiB).  There must be exactly one
input file per model input and one output file per model output, in the
model's (subgraph 0's) input/output order.

Data convention
---------------
* Each input ``.npy`` holds N samples stacked on axis 0: shape ``[N, ...]``.
  All inputs of a job must have the same N.  Its dtype must equal the model
  input's dtype exactly (int8 for an int8-quantised model: pass raw quantised
  values; nothing is cast or quantised here).  Row i (``arr[i]``) must have
  as many elements as the model input tensor and is reshaped (C order) to the
  model input's full shape, e.g. a model input ``[1, 64, 3]`` accepts
  ``[N, 64, 3]`` or ``[N, 192]``.
* For each sample the interpreter is reset (variable tensors such as LSTM
  state are cleared), all inputs are set, ``invoke()`` is run once and every
  output is read.
* Each output ``.npy`` is the per-sample outputs stacked on a new axis 0,
  with the model's leading batch dimension dropped when it is 1:
  ``out.shape == [N] + model_output_shape[1:]`` (e.g. ``[1, 4]`` -> ``[N, 4]``).
  If the model output's leading dimension is not 1 (or it is a scalar), the
  full shape is kept: ``[N] + model_output_shape``.  The dtype is the model
  output's dtype (raw int8 values for int8 outputs).

Errors
------
On any error exactly one line ``tflm_run: error: <model>: <problem>`` is
printed on stderr and the exit status is 1; messages that TFLM logged (for
instance "Didn't find op for builtin opcode 'TOPK_V2'") are appended to the
problem.  Too-small arenas can make TFLM abort or crash the whole process
(SIGABRT/SIGSEGV) instead of raising an exception, so the work runs in one
child process (all jobs in the same child) and this process turns a crash
into the error line as well.

``--check-load MODEL`` only builds the interpreter (which allocates all
tensors) with ``--arena-size`` bytes (default 1 MiB) and prints ``ok``.
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile

DEFAULT_ARENA = 1 << 20
PROG = "tflm_run"


# --------------------------------------------------------------------------
# Worker side: imports numpy / tflite_micro and does the actual work.
# --------------------------------------------------------------------------

class JobError(Exception):
    """An error attributable to one model; message is the <problem> text."""


def model_io_counts(data):
    """(number of inputs, number of outputs) of subgraph 0 of a .tflite."""
    from tflite_micro.tensorflow.lite.micro.python import (
        schema_py_generated as schema_fb,
    )
    model = schema_fb.Model.GetRootAsModel(data, 0)
    if model.SubgraphsLength() < 1:
        raise JobError("model has no subgraph")
    sg = model.Subgraphs(0)
    return sg.InputsLength(), sg.OutputsLength()


def load_interpreter(path, arena_size):
    """Read the model and build a TFLM interpreter (allocates tensors).

    Returns (interpreter, number of inputs, number of outputs).
    """
    from tflite_micro.python.tflite_micro import runtime
    if not os.path.isfile(path):
        raise JobError("model file not found")
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 8 or data[4:8] != b"TFL3":
        raise JobError("not a .tflite flatbuffer (no TFL3 identifier)")
    if not isinstance(arena_size, int) or isinstance(arena_size, bool) or arena_size <= 0:
        raise JobError(f"arena_size must be a positive integer, got {arena_size!r}")
    n_in, n_out = model_io_counts(data)
    try:
        interp = runtime.Interpreter.from_bytes(data, arena_size=arena_size)
    except RuntimeError as e:
        raise JobError(f"cannot load in TFLM with arena_size={arena_size}: {e}")
    return interp, n_in, n_out


def run_job(job):
    """Run one job dict (see module docstring)."""
    import numpy as np

    if not isinstance(job, dict):
        raise JobError("job is not a JSON object")
    unknown = set(job) - {"model", "inputs", "outputs", "arena_size"}
    if unknown:
        raise JobError(f"unknown job keys: {sorted(unknown)}")
    inputs = job.get("inputs")
    outputs = job.get("outputs")
    if not isinstance(inputs, list) or not all(isinstance(p, str) for p in inputs):
        raise JobError('"inputs" must be a list of .npy paths')
    if not isinstance(outputs, list) or not all(isinstance(p, str) for p in outputs):
        raise JobError('"outputs" must be a list of .npy paths')

    interp, n_in, n_out = load_interpreter(job["model"],
                                           job.get("arena_size", DEFAULT_ARENA))
    if len(inputs) != n_in:
        raise JobError(f"model has {n_in} input(s) but the job lists {len(inputs)}")
    if len(outputs) != n_out:
        raise JobError(f"model has {n_out} output(s) but the job lists {len(outputs)}")

    in_details = [interp.get_input_details(k) for k in range(n_in)]
    out_details = [interp.get_output_details(k) for k in range(n_out)]

    arrays = []
    n_samples = None
    for k, (path, det) in enumerate(zip(inputs, in_details)):
        try:
            arr = np.load(path, allow_pickle=False)
        except Exception as e:  # missing file, bad format, ...
            raise JobError(f"input {k} ({path}): cannot load .npy: {e}")
        want_dtype = np.dtype(det["dtype"])
        want_shape = tuple(int(d) for d in det["shape"])
        if arr.dtype != want_dtype:
            raise JobError(f"input {k} ({path}): dtype {arr.dtype} does not match "
                           f"model input dtype {want_dtype}")
        if arr.ndim < 1:
            raise JobError(f"input {k} ({path}): expected shape [N, ...], got a scalar")
        row_size = int(np.prod(arr.shape[1:], dtype=np.int64))
        want_size = int(np.prod(want_shape, dtype=np.int64))
        if row_size != want_size:
            raise JobError(f"input {k} ({path}): a sample of shape {list(arr.shape[1:])} "
                           f"has {row_size} elements, model input shape "
                           f"{list(want_shape)} needs {want_size}")
        if n_samples is None:
            n_samples = arr.shape[0]
        elif arr.shape[0] != n_samples:
            raise JobError(f"input {k} ({path}): {arr.shape[0]} samples, "
                           f"input 0 has {n_samples}")
        arrays.append((arr, want_shape))
    if n_samples is None:  # model without inputs: nothing to iterate over
        raise JobError("model has no inputs")

    results = [[] for _ in range(n_out)]
    for i in range(n_samples):
        interp.reset()
        for k, (arr, shape) in enumerate(arrays):
            # np.array, not np.ascontiguousarray, which turns a scalar input into shape (1,).
            interp.set_input(np.array(arr[i].reshape(shape), order="C"), k)
        try:
            interp.invoke()
        except RuntimeError as e:
            raise JobError(f"invoke failed on sample {i}: {e}")
        for k in range(n_out):
            results[k].append(np.array(interp.get_output(k), copy=True))

    for k, (path, det) in enumerate(zip(outputs, out_details)):
        shape = [int(d) for d in det["shape"]]
        per_sample = shape[1:] if shape and shape[0] == 1 else shape
        dtype = np.dtype(det["dtype"])
        if results[k]:
            out = np.stack([r.reshape(per_sample) for r in results[k]], axis=0)
        else:
            out = np.zeros([0] + per_sample, dtype=dtype)
        try:
            np.save(path, out, allow_pickle=False)
        except Exception as e:
            raise JobError(f"output {k} ({path}): cannot write: {e}")


def write_status(status_path, **status):
    """Tell the supervising process what we are doing / what went wrong."""
    with open(status_path, "w") as f:
        json.dump(status, f)


def worker(args):
    """Child-process entry point; returns the exit status."""
    if args.check_load:
        model = args.check_load
        write_status(args.worker_status, model=model)
        try:
            load_interpreter(model, args.arena_size)
        except Exception as e:
            write_status(args.worker_status, model=model, error=_problem(e))
            return 1
        print("ok")
        return 0

    model = args.job
    write_status(args.worker_status, model=model)
    try:
        with open(args.job) as f:
            spec = json.load(f)
        jobs = spec.get("jobs") if isinstance(spec, dict) else None
        if not isinstance(jobs, list):
            raise JobError('JOB.json must be an object with a "jobs" list')
    except Exception as e:
        write_status(args.worker_status, model=model, error=_problem(e))
        return 1
    for index, job in enumerate(jobs):
        model = job.get("model") if isinstance(job, dict) else None
        if not isinstance(model, str):
            write_status(args.worker_status, model=f"jobs[{index}]",
                         error='job has no "model" path')
            return 1
        write_status(args.worker_status, model=model)
        try:
            run_job(job)
        except Exception as e:
            write_status(args.worker_status, model=model, error=_problem(e))
            return 1
    return 0


def _problem(exc):
    if isinstance(exc, JobError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


# --------------------------------------------------------------------------
# Supervisor side: stdlib only.
# --------------------------------------------------------------------------

def tflm_log_summary(stderr_text, limit=600):
    """Collapse what TFLM printed on stderr into one short line."""
    lines = [ln.strip() for ln in stderr_text.splitlines() if ln.strip()]
    text = "; ".join(lines)
    if len(text) > limit:
        text = text[:limit - 3] + "..."
    return text


def supervise(args, argv):
    """Run the worker in a child process; map any failure to one error line."""
    fd, status_path = tempfile.mkstemp(prefix="tflm_run_", suffix=".json")
    os.close(fd)
    try:
        cmd = [sys.executable, os.path.abspath(__file__),
               "--worker-status", status_path] + argv
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            with open(status_path) as f:
                status = json.load(f)
        except (OSError, ValueError):
            status = {}
    finally:
        os.unlink(status_path)

    stdout = proc.stdout.decode(errors="replace")
    stderr = proc.stderr.decode(errors="replace")
    if proc.returncode == 0:
        sys.stdout.write(stdout)
        sys.stderr.write(stderr)
        return 0

    model = status.get("model") or args.check_load or args.job
    if proc.returncode < 0:
        try:
            name = signal.Signals(-proc.returncode).name
        except ValueError:
            name = f"signal {-proc.returncode}"
        problem = f"TFLM crashed the process ({name})"
    else:
        problem = status.get("error") or f"worker exited with status {proc.returncode}"
    log = tflm_log_summary(stderr)
    if log:
        problem += f" [TFLM log: {log}]"
    print(f"{PROG}: error: {model}: {problem}", file=sys.stderr)
    return 1


def main():
    parser = argparse.ArgumentParser(
        prog="tflm_run.py",
        description="Run .tflite models in TFLite Micro (see module docstring).")
    parser.add_argument("job", nargs="?", help="JOB.json")
    parser.add_argument("--check-load", metavar="MODEL",
                        help="only try to build the interpreter; print ok")
    parser.add_argument("--arena-size", type=int, default=DEFAULT_ARENA,
                        help="arena bytes for --check-load (default 1 MiB)")
    parser.add_argument("--worker-status", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if (args.job is None) == (args.check_load is None):
        parser.error("give either JOB.json or --check-load MODEL")

    if args.worker_status:
        return worker(args)
    return supervise(args, sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
