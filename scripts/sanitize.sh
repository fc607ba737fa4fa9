#!/usr/bin/env bash
# Builds TinyOpsRuntime with a small mutation fuzzer (Tests/RuntimeFuzz/fuzz_models.c) under
# AddressSanitizer and UndefinedBehaviorSanitizer (clang, -fno-sanitize-recover=all) and runs
# it over every .tflite fixture and the single-operator corpus (Tests/RuntimeFuzz/corpus):
# every truncation of each file plus random mutations; then the model patch applier
# (Tests/RuntimeFuzz/fuzz_patch.c) over the patches in Tests/RuntimeFuzz/patches, and the
# update-package check (Tests/RuntimeFuzz/fuzz_package.c) over Tests/RuntimeFuzz/packages, and
# tinyops_init_prepared (Tests/RuntimeFuzz/fuzz_prepared.c) on every model's prepared image. Any
# out-of-bounds access, undefined behaviour or plan/arena disagreement fails the script.
#
#   scripts/sanitize.sh [MUTATIONS]      (default 5000 mutations per fixture)
#
# Needs clang with its sanitizer runtime. When clang cannot link a sanitized program and the
# script runs as root with apt-get, it installs `clang` and the matching `libclang-rt-N-dev`
# (Debian/Ubuntu split the sanitizer runtime into that package). Set CC to pick a compiler.
set -euo pipefail
cd "$(dirname "$0")/.."

mutations="${1:-5000}"
cc="${CC:-clang}"
build="$(mktemp -d "${TMPDIR:-/tmp}/tinyops-sanitize.XXXXXX")"
trap 'rm -rf "$build"' EXIT
sanitize=(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
# lld links sanitized programs without gold's "cannot export local symbol" noise.
if command -v ld.lld >/dev/null 2>&1; then sanitize+=(-fuse-ld=lld); fi

can_sanitize() {
    command -v "$cc" >/dev/null 2>&1 || return 1
    printf 'int main(void) { return 0; }\n' > "$build/probe.c"
    "$cc" "${sanitize[@]}" "$build/probe.c" -o "$build/probe" >/dev/null 2>&1 && "$build/probe"
}

if ! can_sanitize; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "sanitize.sh: installing clang and its sanitizer runtime" >&2
        apt-get install -y -qq clang >/dev/null
        cc=clang
        major="$(clang -dumpversion | cut -d. -f1)"
        apt-get install -y -qq "libclang-rt-${major}-dev" >/dev/null 2>&1 || true
    fi
    if ! can_sanitize; then
        echo "sanitize.sh: error: $cc cannot build with -fsanitize=address,undefined (install clang and libclang-rt-N-dev)" >&2
        exit 1
    fi
fi

"$cc" -std=c99 -Wall -Wextra -Werror -pedantic -g -O1 "${sanitize[@]}" \
    -ISources/TinyOpsRuntime/include -ISources/TinyOpsRuntime Sources/TinyOpsRuntime/*.c Tests/RuntimeFuzz/fuzz_models.c \
    -o "$build/fuzz_models"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    "$build/fuzz_models" --mutations "$mutations" --seed 1 Tests/Fixtures/*.tflite Tests/RuntimeFuzz/corpus/*.tflite
# Model patches: every committed patch (Tests/RuntimeFuzz/patches/OLD__NEW.patch) with its two fixtures.
"$cc" -std=c99 -Wall -Wextra -Werror -pedantic -g -O1 "${sanitize[@]}" \
    -ISources/TinyOpsRuntime/include -ISources/TinyOpsRuntime Sources/TinyOpsRuntime/*.c Tests/RuntimeFuzz/fuzz_patch.c \
    -o "$build/fuzz_patch"
triples=()
for patch in Tests/RuntimeFuzz/patches/*.patch; do
    pair="$(basename "$patch" .patch)"
    triples+=("Tests/Fixtures/${pair%%__*}.tflite" "Tests/Fixtures/${pair##*__}.tflite" "$patch")
done
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    "$build/fuzz_patch" --mutations "$mutations" --seed 1 "${triples[@]}"
# Update packages: the device's header and Ed25519 check on a package made by tinyops package
# (Tests/RuntimeFuzz/packages: NAME.tpk and NAME.pub, the raw 32-byte public key).
"$cc" -std=c99 -Wall -Wextra -Werror -pedantic -g -O1 "${sanitize[@]}" \
    -ISources/TinyOpsRuntime/include -ISources/TinyOpsRuntime Sources/TinyOpsRuntime/*.c Tests/RuntimeFuzz/fuzz_package.c \
    -o "$build/fuzz_package"
for package in Tests/RuntimeFuzz/packages/*.tpk; do
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
        "$build/fuzz_package" --mutations "$(( mutations / 10 + 1 ))" --seed 1 "$package" "${package%.tpk}.pub"
done
# Prepared images: tinyops_init_prepared on the images of every fixture and corpus model,
# truncated, mutated, and mutated with the CRC recomputed (Tests/RuntimeFuzz/fuzz_prepared.c).
"$cc" -std=c99 -Wall -Wextra -Werror -pedantic -g -O1 "${sanitize[@]}" \
    -ISources/TinyOpsRuntime/include -ISources/TinyOpsRuntime Sources/TinyOpsRuntime/*.c Tests/RuntimeFuzz/fuzz_prepared.c \
    -o "$build/fuzz_prepared"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    "$build/fuzz_prepared" --mutations "$(( mutations / 10 + 1 ))" --seed 1 Tests/Fixtures/*.tflite Tests/RuntimeFuzz/corpus/*.tflite
echo "sanitize.sh: no sanitizer findings ($("$cc" --version | head -1))"
