/* Differential driver: what one TinyOpsRuntime build reports for seeded mutations and
 * truncations of .tflite models, one line per blob, so the output of two builds (an older
 * runtime and the current one, compiled separately against this same file) can be compared
 * byte for byte. Tests/RuntimeFuzz/diff_runtime.sh builds and compares them.
 *
 *   diff_runtime [--mutations N] [--truncations T] [--seed S] MODEL.tflite...
 *
 * For every model: the model itself, N mutated copies and T truncated ones (random lengths;
 * every third one also mutated). Blob k of model i draws its bytes and its inputs from a
 * generator seeded with (S, i, k), so the blobs do not depend on what the runtime did with
 * the previous ones. Each line holds, for one blob:
 *   - tinyops_plan without a work buffer, then with the buffer it asks for: status, every
 *     tinyops_error field and every tinyops_plan_info field;
 *   - tinyops_init with a 64-byte arena, with one byte less than planned, and with the planned
 *     arena (256 KiB when planning failed): status and every error field, the arena used;
 *   - when init succeeds: the input and output descriptions, an FNV-1a hash of the prepared
 *     records (the arena's first record_bytes bytes), then invoke on seeded random inputs
 *     (bytes around the zero point) and a hash of every output's bytes.
 * Arenas and model copies start 16-byte aligned (the arena one byte further for the 64-byte
 * case), so the alignment a runtime sees is the same in every build. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_support.h"
#include "tinyops_runtime.h"

enum { ALIGN = 16, SMALL_ARENA = 64, FALLBACK_ARENA = 256 * 1024, MAX_ARENA = 64 << 20 };

static uint64_t fnv(const uint8_t *p, size_t n) {
    uint64_t h = 0xCBF29CE484222325ull;
    size_t i;
    for (i = 0; i < n; i++) h = (h ^ p[i]) * 0x100000001B3ull;
    return h;
}

/* A block of `n` bytes starting `skew` bytes after a 16-byte boundary; free with *raw. */
static uint8_t *aligned_block(size_t n, size_t skew, void **raw) {
    uint8_t *p = (uint8_t *)malloc(n + ALIGN + skew + 1);
    if (p == NULL) abort();
    *raw = p;
    p += (ALIGN - (size_t)((uintptr_t)p % ALIGN)) % ALIGN;
    return p + skew;
}

static void print_error(const tinyops_error *e) {
    printf(" %d/%d/%ld/%ld/%ld/%ld/%llu", (int)e->status, (int)e->reason, (long)e->op_index, (long)e->opcode,
           (long)e->tensor_index, (long)e->offset, (unsigned long long)e->needed);
}

static void print_info(const tinyops_tensor_info *t) {
    float scale = t->scale;
    uint32_t bits;
    int d;
    memcpy(&bits, &scale, 4);
    printf(" [%lu t%ld r%ld", (unsigned long)t->bytes, (long)t->type, (long)t->rank);
    for (d = 0; d < TINYOPS_MAX_DIMS; d++) printf(",%ld", (long)t->dims[d]);
    printf(" s%08lx z%ld i%ld]", (unsigned long)bits, (long)t->zero_point, (long)t->tensor_index);
}

/* One init with an arena of `arena_len` bytes starting `skew` past a 16-byte boundary. On
 * success with `run` set: describes the I/O, hashes the records, invokes on random inputs. */
static void init_once(const uint8_t *model, size_t len, size_t arena_len, size_t skew, int run, size_t records) {
    tinyops_interpreter it;
    void *raw;
    uint8_t *arena = aligned_block(arena_len, skew, &raw);
    tinyops_status s;
    size_t i, k;
    int amplitude;
    memset(arena, 0xA5, arena_len);
    s = tinyops_init(&it, model, len, arena, arena_len);
    printf(" | init %lu: %d", (unsigned long)arena_len, (int)s);
    print_error(tinyops_last_error(&it));
    printf(" used %lu", (unsigned long)tinyops_arena_used(&it));
    if (s == TINYOPS_OK && run) {
        printf(" records %016llx", (unsigned long long)fnv(arena, records < arena_len ? records : arena_len));
        for (i = 0; i < tinyops_input_count(&it); i++) {
            tinyops_tensor_info t;
            if (tinyops_input(&it, i, &t) != TINYOPS_OK) {
                printf(" in%lu?", (unsigned long)i);
                continue;
            }
            print_info(&t);
            /* bytes around the zero point, within a random amplitude (wide inputs saturate
             * most classifiers into the same output) */
            amplitude = (int)(1u << below(8));
            for (k = 0; k < t.bytes; k++)
                ((uint8_t *)t.data)[k] = (uint8_t)(t.zero_point + (int)below(2u * (size_t)amplitude + 1u) - amplitude);
            if (t.type == TINYOPS_FLOAT32) /* finite floats, like real inputs */
                for (k = 0; k + 4 <= t.bytes; k += 4) {
                    float f = (float)((int)below(2001) - 1000) / 100.0f;
                    memcpy((uint8_t *)t.data + k, &f, 4);
                }
        }
        printf(" invoke %d", (int)tinyops_invoke(&it));
        for (i = 0; i < tinyops_output_count(&it); i++) {
            tinyops_tensor_info t;
            if (tinyops_output(&it, i, &t) != TINYOPS_OK) {
                printf(" out%lu?", (unsigned long)i);
                continue;
            }
            print_info(&t);
            printf(" %016llx", (unsigned long long)fnv((const uint8_t *)t.data, t.bytes));
        }
    }
    free(raw);
}

static void exercise(const uint8_t *model, size_t len) {
    tinyops_plan_info info;
    tinyops_error e;
    tinyops_status s;
    void *raw;
    uint8_t *work;
    int planned = 0;
    memset(&info, 0, sizeof info);
    s = tinyops_plan(model, len, NULL, 0, &info, &e);
    printf(" plan0 %d", (int)s);
    print_error(&e);
    if (s == TINYOPS_ERR_WORK_TOO_SMALL && info.work_bytes <= MAX_ARENA) {
        work = aligned_block(info.work_bytes, 0, &raw);
        s = tinyops_plan(model, len, work, info.work_bytes, &info, &e);
        free(raw);
        printf(" plan %d", (int)s);
        print_error(&e);
        planned = s == TINYOPS_OK && info.arena_bytes <= MAX_ARENA;
    }
    printf(" info %lu/%lu/%lu/%lu/%lu/%lu/%lu", (unsigned long)info.arena_bytes, (unsigned long)info.record_bytes,
           (unsigned long)info.activation_bytes, (unsigned long)info.planner_bytes, (unsigned long)info.work_bytes,
           (unsigned long)info.operator_count, (unsigned long)info.tensor_count);
    init_once(model, len, SMALL_ARENA, 1, 0, 0);
    if (planned && info.arena_bytes > 0) init_once(model, len, info.arena_bytes - 1, 0, 0, 0);
    init_once(model, len, planned ? info.arena_bytes : FALLBACK_ARENA, 0, 1, info.record_bytes);
    printf("\n");
}

int main(int argc, char **argv) {
    unsigned long mutations = 2500, truncations = 500, seed = 1, blobs = 0;
    int i, first;
    for (i = 1; i < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
        if (i + 1 >= argc) return 2;
        if (strcmp(argv[i], "--mutations") == 0) mutations = strtoul(argv[i + 1], NULL, 10);
        else if (strcmp(argv[i], "--truncations") == 0) truncations = strtoul(argv[i + 1], NULL, 10);
        else if (strcmp(argv[i], "--seed") == 0) seed = strtoul(argv[i + 1], NULL, 10);
        else return 2;
    }
    if (i >= argc) {
        fprintf(stderr, "usage: diff_runtime [--mutations N] [--truncations T] [--seed S] MODEL.tflite...\n");
        return 2;
    }
    for (first = i; i < argc; i++) {
        size_t len, n, k;
        uint8_t *original = read_file("diff_runtime", argv[i], &len);
        for (k = 0; k <= mutations + truncations; k++) {
            void *raw;
            uint8_t *blob = aligned_block(len, 0, &raw);
            rng_state = seed * 0x100000001B3ull ^ ((uint64_t)(i - first) << 40) ^ (uint64_t)k;
            next_random();
            memcpy(blob, original, len);
            n = len;
            if (k > mutations) { /* truncated, every third one mutated too */
                n = below(len);
                if (k % 3 == 0) mutate_model(blob, n);
            } else if (k > 0) {
                mutate_model(blob, n);
            }
            printf("%s %lu len %lu", argv[i], (unsigned long)k, (unsigned long)n);
            exercise(blob, n);
            free(raw);
            blobs++;
        }
        free(original);
    }
    fprintf(stderr, "diff_runtime: %lu blobs\n", blobs);
    return 0;
}
