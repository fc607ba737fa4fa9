"""Find the smallest TFLite Micro arena size for .tflite models (test oracle).

Usage
-----
    python tflm_arena.py [--granularity G] [--max-arena BYTES] [--jobs J]
                         [--verbose] MODEL [MODEL ...]

Prints one JSON object on stdout, ``{"<model path as given>": bytes, ...}``,
where ``bytes`` is the smallest ``arena_size`` with which the TFLM Python
interpreter can build the model (AllocateTensors) AND run ``invoke()`` once
on all-zero inputs.  A model that fails even with ``--max-arena`` bytes
(default 16 MiB), e.g. because it uses an op TFLM cannot register, gets
``null``, an error line ``tflm_arena: error: <model>: <problem>`` on stderr,
and the exit status is 1.  Per-model timing and probe counts go to stderr.

Needs only numpy and tflite-micro; reuses tflm_run.py from this directory.

Method
------
Every probe runs in a fresh child process (``tflm_arena.py --probe MODEL
BYTES``), because a too-small arena can make TFLM abort (SIGABRT) or crash
(SIGSEGV) the whole process instead of raising an exception.  A probe counts
as success only if the child exits with status 0.

1. Probe at ``--max-arena`` and read the RecordingMicroAllocator report
   (``print_allocations``: "Arena allocation total N bytes") as a hint.
2. Bracket the answer around the hint with growing steps (64, 128, ... bytes).
3. Bisect between the largest failing and the smallest working size down to
   ``--granularity`` bytes (default 1: exact to the byte).

This assumes success is monotonic in the arena size, which is how the TFLM
allocator behaves (head and tail allocations from one contiguous buffer).

Caveats
-------
* The number is for this host build of TFLM (64-bit pointers, so
  TfLiteEvalTensor, NodeAndRegistration etc. are larger than on a 32-bit
  Cortex-M) and includes the RecordingMicroAllocator/recording buffer
  allocator bookkeeping that the Python wrapper always places in the arena.
  It is an oracle for "what TFLM-on-host needs", not a device figure.
* The wrapper allocates the arena with ``new uint8_t[]`` (16-byte aligned by
  glibc); TFLM aligns to 16 bytes, so a device arena that is not 16-byte
  aligned may need up to 15 bytes more.
"""

import argparse
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import time

PROG = "tflm_arena"
HERE = os.path.dirname(os.path.abspath(__file__))
PROBE_TIMEOUT_S = 120


# --------------------------------------------------------------------------
# Probe (child process)
# --------------------------------------------------------------------------

def probe_main(model, arena_size, print_allocations):
    """Allocate + invoke once on zeros; exit status 0 on success."""
    import numpy as np
    sys.dont_write_bytecode = True  # no __pycache__ next to the scripts
    sys.path.insert(0, HERE)
    from tflm_run import JobError, load_interpreter

    try:
        interp, n_in, _ = load_interpreter(model, arena_size)
        for k in range(n_in):
            det = interp.get_input_details(k)
            interp.set_input(np.zeros([int(d) for d in det["shape"]],
                                      dtype=det["dtype"]), k)
        interp.invoke()
    except Exception as e:  # RuntimeError from TFLM, JobError, ...
        problem = str(e) if isinstance(e, JobError) else f"{type(e).__name__}: {e}"
        print(f"probe failed: {problem}", file=sys.stderr)
        return 1
    if print_allocations:
        sys.stderr.flush()
        interp.print_allocations()
    return 0


# --------------------------------------------------------------------------
# Search (parent process)
# --------------------------------------------------------------------------

class Search:
    """Binary search for one model; counts probes."""

    def __init__(self, model, verbose):
        self.model = model
        self.verbose = verbose
        self.probes = 0

    def probe(self, arena_size, print_allocations=False):
        """Run one probe in a child process -> (success, child's stderr)."""
        self.probes += 1
        cmd = [sys.executable, os.path.abspath(__file__), "--probe",
               self.model, str(arena_size)]
        if print_allocations:
            cmd.append("--print-allocations")
        try:
            proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  timeout=PROBE_TIMEOUT_S)
            ok, rc = proc.returncode == 0, proc.returncode
            err = proc.stderr.decode(errors="replace")
        except subprocess.TimeoutExpired:
            ok, rc, err = False, "timeout", f"probe timed out after {PROBE_TIMEOUT_S} s"
        if self.verbose:
            print(f"{PROG}: {self.model}: probe {arena_size}: "
                  f"{'ok' if ok else f'fail ({rc})'}", file=sys.stderr)
        return ok, err

    def run(self, max_arena, granularity):
        """Smallest working arena size, or raise RuntimeError(problem)."""
        ok, err = self.probe(max_arena, print_allocations=True)
        if not ok:
            log = "; ".join(ln.strip() for ln in err.splitlines() if ln.strip())
            raise RuntimeError(f"does not run even with {max_arena} bytes: {log[:600]}")
        m = re.search(r"Arena allocation total (\d+) bytes", err)
        hint = int(m.group(1)) if m else max_arena // 2
        hint = max(granularity, min(hint, max_arena))

        # Bracket: lo fails (0 always does), hi works.
        lo, hi = 0, max_arena
        step = 64
        if self.probe(hint)[0]:
            hi = hint
            while True:
                cand = hi - step
                if cand <= 0:
                    break
                if self.probe(cand)[0]:
                    hi = cand
                    step *= 2
                else:
                    lo = cand
                    break
        else:
            lo = hint
            while lo + step < max_arena:
                cand = lo + step
                if self.probe(cand)[0]:
                    hi = cand
                    break
                lo = cand
                step *= 2

        # Bisect to the requested granularity.
        while hi - lo > granularity:
            mid = (lo + hi) // 2
            mid -= mid % granularity
            if mid <= lo:
                mid = lo + granularity
            if mid >= hi:
                break
            if self.probe(mid)[0]:
                hi = mid
            else:
                lo = mid
        return hi


def measure(model, args):
    """-> (model, bytes or None, problem or None, probes, seconds)."""
    start = time.monotonic()
    search = Search(model, args.verbose)
    try:
        if not os.path.isfile(model):
            raise RuntimeError("model file not found")
        size, problem = search.run(args.max_arena, args.granularity), None
    except RuntimeError as e:
        size, problem = None, str(e)
    return model, size, problem, search.probes, time.monotonic() - start


def main():
    parser = argparse.ArgumentParser(
        prog="tflm_arena.py",
        description="Smallest TFLM arena size per model (see module docstring).")
    parser.add_argument("models", nargs="*", metavar="MODEL")
    parser.add_argument("--granularity", type=int, default=1,
                        help="search resolution in bytes (default 1 = exact)")
    parser.add_argument("--max-arena", type=int, default=16 << 20,
                        help="largest arena tried (default 16 MiB)")
    parser.add_argument("--jobs", type=int, default=1,
                        help="models searched in parallel (default 1)")
    parser.add_argument("--verbose", action="store_true",
                        help="log every probe on stderr")
    parser.add_argument("--probe", nargs=2, metavar=("MODEL", "BYTES"),
                        help=argparse.SUPPRESS)
    parser.add_argument("--print-allocations", action="store_true",
                        help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.probe:
        return probe_main(args.probe[0], int(args.probe[1]), args.print_allocations)
    if not args.models:
        parser.error("give at least one MODEL")
    if args.granularity < 1 or args.max_arena < args.granularity or args.jobs < 1:
        parser.error("need granularity >= 1, max-arena >= granularity, jobs >= 1")

    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        results = list(pool.map(lambda m: measure(m, args), args.models))

    out, failed = {}, False
    for model, size, problem, probes, seconds in results:
        out[model] = size
        if size is None:
            failed = True
            print(f"{PROG}: error: {model}: {problem}", file=sys.stderr)
        else:
            print(f"{PROG}: {model}: {size} bytes ({probes} probes, {seconds:.2f} s)",
                  file=sys.stderr)
    print(json.dumps(out, indent=2))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
