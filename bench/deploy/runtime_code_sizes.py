"""TinyOpsRuntime's flash per Cortex-M core and per operator, for `tinyops check --runtime
tinyops` (docs/check.md): the runtime with no operator selected ("core"), and what each
operator's kernel adds on its own, both for a firmware that starts with tinyops_init and for
one that starts with tinyops_init_prepared (`deploy --prepared`, `check --prepared`), linked with arm-none-eabi-gcc -Os -mthumb
-ffunction-sections -fdata-sections --gc-sections (newlib-nano), as a `tinyops deploy
--format runtime` bundle builds with its tinyops_config.h. Error texts are not linked (the
program never formats a message).

    python3 bench/deploy/runtime_code_sizes.py           # table on stdout
    python3 bench/deploy/runtime_code_sizes.py --swift   # regenerate TinyOpsRuntimeCodeSize+Measured.swift

Needs arm-none-eabi-gcc. About two minutes on 2 cores. Not run by CI; a test
(RuntimeCodeSizeTests) links real bundles and checks the estimate against them.
"""
import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RUNTIME = os.path.join(ROOT, "Sources", "TinyOpsRuntime")
APP = os.path.join(ROOT, "bench", "deploy", "size_runtime_app.c")
SWIFT = os.path.join(ROOT, "Sources", "TinyOpsKit", "Targets", "TinyOpsRuntimeCodeSize+Measured.swift")

# One build per instruction set and float ABI; the check maps every core to one of these.
VARIANTS = {
    "m0": ["-mcpu=cortex-m0plus", "-mfloat-abi=soft"],
    "m3": ["-mcpu=cortex-m3", "-mfloat-abi=soft"],
    "m4": ["-mcpu=cortex-m4", "-mfloat-abi=soft"],
    "m4f": ["-mcpu=cortex-m4", "-mfloat-abi=hard", "-mfpu=fpv4-sp-d16"],
    "m7": ["-mcpu=cortex-m7", "-mfloat-abi=hard", "-mfpu=fpv5-d16"],
    "m33": ["-mcpu=cortex-m33", "-mfloat-abi=hard", "-mfpu=fpv5-sp-d16"],
    "m55": ["-mcpu=cortex-m55", "-mfloat-abi=hard"],
}


def operators():
    text = open(os.path.join(RUNTIME, "runtime_config.h")).read()
    return sorted(set(re.findall(r"#ifndef TINYOPS_OP_([A-Z0-9_]+)", text)))


def flash(elf):
    out = subprocess.run(["arm-none-eabi-size", elf], check=True, capture_output=True, text=True).stdout
    text, data = out.splitlines()[1].split()[:2]
    return int(text) + int(data)


def symbols(elf):
    """Flash symbols (code, constants, initialized data) by name, with their sizes. A static
    name that several files use is told apart by its size. Aliases (libgcc's __aeabi_fadd and
    __addsf3 are one function) count once, under the first name in sorted order."""
    out = subprocess.run(["arm-none-eabi-nm", "-S", elf], check=True, capture_output=True, text=True).stdout
    by_address = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[2] in "TtRrDd":
            size = int(parts[1], 16)
            key = (parts[0], size)
            if key not in by_address or parts[3] < by_address[key]:
                by_address[key] = parts[3]
    return {f"{name}/{size}": size for (_, size), name in by_address.items()}


def build(work, variant, ops, baseline=False, prepared=False):
    """Flash bytes of the program with `ops` selected (None: the baseline without the runtime)."""
    name = ("base" if baseline else "_".join(ops) or "none") + ("-prepared" if prepared else "")
    directory = os.path.join(work, variant, name)
    os.makedirs(directory, exist_ok=True)
    config = os.path.join(directory, "tinyops_config.h")
    with open(config, "w") as f:
        f.write("#define TINYOPS_OPS_SELECTED 1\n" + "".join(f"#define TINYOPS_OP_{op} 1\n" for op in ops))
    sources = [] if baseline else sorted(os.path.join(RUNTIME, s) for s in os.listdir(RUNTIME) if s.endswith(".c"))
    elf = os.path.join(directory, "app.elf")
    command = ["arm-none-eabi-gcc", "-std=c99", "-Os", "-mthumb", *VARIANTS[variant], "-ffunction-sections",
               "-fdata-sections", f'-DTINYOPS_CONFIG_HEADER="{config}"', "-I" + os.path.join(RUNTIME, "include"),
               "-I" + RUNTIME, "--specs=nano.specs", "--specs=nosys.specs", "-Wl,--gc-sections",
               *(["-DSIZE_BASELINE"] if baseline else []), *(["-DSIZE_PREPARED"] if prepared else []),
               APP, *sources, "-o", elf]
    subprocess.run(command, check=True)
    return flash(elf), symbols(elf)


def measure():
    ops = operators()
    results = {}
    with tempfile.TemporaryDirectory() as work, ThreadPoolExecutor(os.cpu_count() or 2) as pool:
        jobs = {}
        for variant in VARIANTS:
            jobs[(variant, "base")] = pool.submit(build, work, variant, [], True)
            for prepared in (False, True):
                jobs[(variant, "core", prepared)] = pool.submit(build, work, variant, [], False, prepared)
                for op in ops:
                    jobs[(variant, op, prepared)] = pool.submit(build, work, variant, [op], False, prepared)
        for variant in VARIANTS:
            base, _ = jobs[(variant, "base")].result()
            sizes, modes = {}, []
            for prepared in (False, True):
                core, core_symbols = jobs[(variant, "core", prepared)].result()
                kernels = {}
                for op in ops:
                    _, linked = jobs[(variant, op, prepared)].result()
                    added = {k: v for k, v in linked.items() if k not in core_symbols}
                    kernels[op] = sorted(added)
                    sizes.update(added)
                modes.append((core - base, kernels))
            results[variant] = (modes[0][0], modes[0][1], sizes, modes[1][0], modes[1][1])
    return ops, results


def swift(ops, results):
    lines = ["// Generated by bench/deploy/runtime_code_sizes.py --swift (arm-none-eabi-gcc -Os, --gc-sections,",
             "// newlib-nano; flash bytes = text + data); do not edit by hand.",
             "extension TinyOpsRuntimeCodeSize {",
             "    static let measured: [Variant: Sizes] = ["]
    for variant, (core, kernels, sizes, prepared_core, prepared_kernels) in results.items():
        names = sorted(sizes)
        lines.append(f"        .{variant}: Sizes(core: {core}, preparedCore: {prepared_core}, symbols: [")
        lines += [f"            {sizes[name]},  // {name.split('/')[0]}" for name in names]
        lines.append("        ], kernels: [")
        for op in ops:
            lines.append(f'            "{op}": [' + ", ".join(str(names.index(k)) for k in kernels[op]) + "],")
        lines.append("        ], preparedKernels: [")
        for op in ops:
            lines.append(f'            "{op}": [' + ", ".join(str(names.index(k)) for k in prepared_kernels[op]) + "],")
        lines.append("        ]),")
    lines += ["    ]", "}", ""]
    return "\n".join(lines)


def main():
    ops, results = measure()
    if "--swift" in sys.argv:
        with open(SWIFT, "w") as f:
            f.write(swift(ops, results))
        print(f"wrote {SWIFT}")
    for title, core, kernels in (("tinyops_init", 0, 1), ("tinyops_init_prepared", 3, 4)):
        print(f"\n{title}:\n")
        print("| operator | " + " | ".join(VARIANTS) + " |")
        print("|---|" + "---:|" * len(VARIANTS))
        print("| core (no operator) | " + " | ".join(str(results[v][core]) for v in VARIANTS) + " |")
        for op in ops:
            print(f"| {op} | " + " | ".join(str(sum(results[v][2][k] for k in results[v][kernels][op])) for v in VARIANTS) + " |")


if __name__ == "__main__":
    main()
