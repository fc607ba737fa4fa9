#!/usr/bin/env bash
# Cortex-M4 flash and RAM of a TinyOpsRuntime firmware, per model (docs/BENCHMARKS.md):
#
#   bench/deploy/sizes.sh MODEL.tflite [MODEL.tflite ...]
#
# For each model: `tinyops deploy --format runtime`, then bench/deploy/size_app.c linked with
# arm-none-eabi-gcc -Os -mthumb --gc-sections (newlib-nano, nosys) for the Cortex-M4 with and
# without FPU. Prints arm-none-eabi-size's text/data/bss of the whole image, the model array,
# the runtime's own code (image minus the baseline that holds only the model and the arena),
# the same with the error texts linked (the app formats a message) and with every kernel
# (tinyops_config.h removed), and the exact arena; then the runtime code with the error texts
# compiled out (-DTINYOPS_NO_ERROR_TEXT) and the libgcc floating-point and 64-bit division
# helpers (__aeabi_d*, __aeabi_f*, __aeabi_*divmod) the image links, and last the runtime code
# again with -flto added to the same flags (link-time optimization across the runtime's
# files; the baseline is linked with -flto too). RUNTIME=DIR measures the
# runtime sources in DIR instead of the ones tinyops embeds (e.g. an older checkout's
# Sources/TinyOpsRuntime, for a before/after figure). A second table does the same for the
# bundle deployed with --prepared (tinyops_init_prepared; its baseline also holds the prepared
# image, which is model data; the image's size is a column of its own). Needs a built tinyops (TINYOPS, else
# .build/debug/tinyops) and arm-none-eabi-gcc. Not run by CI.
set -euo pipefail
cd "$(dirname "$0")/../.."
tinyops="${TINYOPS:-.build/debug/tinyops}"
work="$(mktemp -d "${TMPDIR:-/tmp}/tinyops-sizes.XXXXXX")"
trap 'rm -rf "$work"' EXIT

text() { arm-none-eabi-size "$1" | awk 'NR == 2 { print $1 }'; }
helpers() { arm-none-eabi-nm "$1" | awk '$3 ~ /^__aeabi_(d|f|i2f|ui2f|l2f|ul2f|i2d|ui2d|l2d|ul2d|.*divmod)/ { sub(/^__aeabi_/, "", $3); print $3 }' | sort -u | paste -sd' '; }
printf '| model | model bytes | arena bytes | core | image text/data/bss | runtime code | + error texts | all kernels | no error texts | libgcc helpers linked | runtime code, -flto |\n'
printf '|---|---:|---:|---|---|---:|---:|---:|---:|---|---:|\n'
for model in "$@"; do
    bundle="$work/$(basename "$model" .tflite)"
    "$tinyops" deploy "$model" --format runtime --name bench --out "$bundle" --json > "$work/deploy.json"
    if [ -n "${RUNTIME:-}" ]; then
        find "$bundle/runtime" -maxdepth 1 \( -name '*.c' -o -name '*.h' \) ! -name tinyops_config.h -delete
        cp "$RUNTIME"/*.c "$RUNTIME"/*.h "$RUNTIME"/include/*.h "$bundle/runtime/"
    fi
    arena="$(sed -nE 's/.*"tinyops_arena_bytes": ([0-9]+).*/\1/p' "$work/deploy.json")"
    for variant in "cortex-m4 (no FPU):-mfloat-abi=soft" "cortex-m4f:-mfloat-abi=hard -mfpu=fpv4-sp-d16"; do
        core="${variant%%:*}"
        read -r -a abi <<< "${variant#*:}"
        flags=(-std=c99 -Os -mcpu=cortex-m4 -mthumb "${abi[@]}" -Wall -Wextra -Werror -ffunction-sections -fdata-sections
               -I"$bundle" -I"$bundle/runtime" --specs=nano.specs --specs=nosys.specs -Wl,--gc-sections)
        link() { arm-none-eabi-gcc "${flags[@]}" "$@" bench/deploy/size_app.c "$bundle/bench_model.c"; }
        link -DSIZE_BASELINE -o "$work/base.elf"
        link "$bundle"/runtime/*.c -o "$work/app.elf"
        link -DSIZE_MESSAGES "$bundle"/runtime/*.c -o "$work/messages.elf"
        link -DTINYOPS_NO_ERROR_TEXT "$bundle"/runtime/*.c -o "$work/bare.elf"
        mv "$bundle/runtime/tinyops_config.h" "$work/config.h"
        link "$bundle"/runtime/*.c -o "$work/all.elf"
        mv "$work/config.h" "$bundle/runtime/tinyops_config.h"
        link -flto -DSIZE_BASELINE -o "$work/base-lto.elf"
        link -flto "$bundle"/runtime/*.c -o "$work/app-lto.elf"
        base="$(text "$work/base.elf")"
        tdb="$(arm-none-eabi-size "$work/app.elf" | awk 'NR == 2 { print $1 "/" $2 "/" $3 }')"
        printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$(basename "$model")" "$(stat -c %s "$model")" "$arena" "$core" "$tdb" \
            "$(( $(text "$work/app.elf") - base ))" "$(( $(text "$work/messages.elf") - base ))" "$(( $(text "$work/all.elf") - base ))" \
            "$(( $(text "$work/bare.elf") - base ))" "$(helpers "$work/app.elf")" \
            "$(( $(text "$work/app-lto.elf") - $(text "$work/base-lto.elf") ))"
    done
done

printf '\nWith --prepared (tinyops_init_prepared; the prepared image is in the baseline and listed apart):\n\n'
printf '| model | arena bytes | prepared image bytes | core | image text/data/bss | runtime code | + error texts | runtime code, -flto |\n'
printf '|---|---:|---:|---|---|---:|---:|---:|\n'
for model in "$@"; do
    bundle="$work/$(basename "$model" .tflite)-prepared"
    "$tinyops" deploy "$model" --format runtime --name bench --out "$bundle" --prepared --json > "$work/deploy.json"
    if [ -n "${RUNTIME:-}" ]; then
        find "$bundle/runtime" -maxdepth 1 \( -name '*.c' -o -name '*.h' \) ! -name tinyops_config.h -delete
        cp "$RUNTIME"/*.c "$RUNTIME"/*.h "$RUNTIME"/include/*.h "$bundle/runtime/"
    fi
    arena="$(sed -nE 's/.*"tinyops_arena_bytes": ([0-9]+).*/\1/p' "$work/deploy.json")"
    prepared="$(sed -nE 's/.*"prepared_bytes": ([0-9]+).*/\1/p' "$work/deploy.json")"
    for variant in "cortex-m4 (no FPU):-mfloat-abi=soft" "cortex-m4f:-mfloat-abi=hard -mfpu=fpv4-sp-d16"; do
        core="${variant%%:*}"
        read -r -a abi <<< "${variant#*:}"
        flags=(-std=c99 -Os -mcpu=cortex-m4 -mthumb "${abi[@]}" -Wall -Wextra -Werror -ffunction-sections -fdata-sections
               -DBENCH_PREPARED -I"$bundle" -I"$bundle/runtime" --specs=nano.specs --specs=nosys.specs -Wl,--gc-sections)
        link() { arm-none-eabi-gcc "${flags[@]}" "$@" bench/deploy/size_app.c "$bundle/bench_model.c"; }
        link -DSIZE_BASELINE -o "$work/base.elf"
        link "$bundle"/runtime/*.c -o "$work/app.elf"
        link -DSIZE_MESSAGES "$bundle"/runtime/*.c -o "$work/messages.elf"
        link -flto -DSIZE_BASELINE -o "$work/base-lto.elf"
        link -flto "$bundle"/runtime/*.c -o "$work/app-lto.elf"
        base="$(text "$work/base.elf")"
        tdb="$(arm-none-eabi-size "$work/app.elf" | awk 'NR == 2 { print $1 "/" $2 "/" $3 }')"
        printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$(basename "$model")" "$arena" "$prepared" "$core" "$tdb" \
            "$(( $(text "$work/app.elf") - base ))" "$(( $(text "$work/messages.elf") - base ))" \
            "$(( $(text "$work/app-lto.elf") - $(text "$work/base-lto.elf") ))"
    done
done
