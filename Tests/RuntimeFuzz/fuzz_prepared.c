/* Mutation fuzzing of tinyops_init_prepared (tinyops_prepared.h), for sanitizer builds
 * (scripts/sanitize.sh compiles it with -fsanitize=address,undefined).
 *
 *   fuzz_prepared [--mutations N] [--seed S] MODEL.tflite ...
 *
 * For each model tinyops_init accepts: its exported image must start an interpreter whose
 * outputs equal tinyops_init's on a random input; every truncation and N mutated copies
 * (flipped bits, random bytes) must be refused; and N more copies whose header, descriptors
 * or operator table were mutated and whose CRC was then recomputed (so the structural checks
 * are reached) must either be refused or give an interpreter whose graph I/O lies inside its
 * arena. Images and models live in heap blocks of exactly their size, so AddressSanitizer
 * reports any read outside them. Exit status 0 when everything held. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_support.h"
#include "tinyops_prepared.h"
#include "tinyops_runtime.h"

/* A heap copy of exactly `len` bytes (malloc aligns it for the runtime's 4-byte checks). */
static uint8_t *copy_of(const uint8_t *bytes, size_t len) {
    uint8_t *copy = (uint8_t *)malloc(len > 0 ? len : 1);
    if (copy == NULL) abort();
    if (len > 0) memcpy(copy, bytes, len);
    return copy;
}

/* Starts an interpreter from a copy of `image`; on success checks that every graph input and
 * output lies inside the arena. Returns 1 when accepted, 0 when refused, -1 on a violation. */
static int start(const uint8_t *model, size_t model_len, const uint8_t *image, size_t image_len, uint8_t *arena,
                 size_t arena_len, tinyops_interpreter *it) {
    uint8_t *copy = copy_of(image, image_len);
    size_t i, k;
    int result = 1;
    if (tinyops_init_prepared(it, model, model_len, copy, image_len, arena, arena_len) != TINYOPS_OK) {
        free(copy);
        return 0;
    }
    for (k = 0; k < 2 && result == 1; k++) {
        size_t count = k ? tinyops_output_count(it) : tinyops_input_count(it);
        for (i = 0; i < count; i++) {
            tinyops_tensor_info info;
            const uint8_t *data;
            if ((k ? tinyops_output(it, i, &info) : tinyops_input(it, i, &info)) != TINYOPS_OK) result = -1;
            data = (const uint8_t *)info.data;
            if (data < arena || data + info.bytes > arena + tinyops_arena_used(it)) result = -1;
        }
    }
    free(copy);
    return result;
}

static void fix_crc(uint8_t *image, size_t len) {
    uint32_t crc = tinyops_crc32(image, len - 4);
    memcpy(image + len - 4, &crc, 4);
}

static int fuzz_model(const char *path, long mutations) {
    size_t model_len, image_len, arena_len = 1u << 20, i, k;
    uint8_t *file = read_file("fuzz_prepared", path, &model_len), *model = copy_of(file, model_len);
    uint8_t *arena = (uint8_t *)malloc(arena_len), *init_arena = (uint8_t *)malloc(arena_len);
    uint8_t *image, *mutated;
    tinyops_interpreter reference, prepared;
    size_t accepted = 0, structure;
    long m;
    int failures = 0;
    free(file);
    if (arena == NULL || init_arena == NULL) abort();
    if (tinyops_init(&reference, model, model_len, init_arena, arena_len) != TINYOPS_OK) {
        free(model);
        free(arena);
        free(init_arena);
        return 0; /* not a model the runtime runs: nothing to prepare */
    }
    if (tinyops_export_prepared(&reference, NULL, 0, &image_len) != TINYOPS_OK) abort();
    image = (uint8_t *)malloc(image_len);
    if (image == NULL || tinyops_export_prepared(&reference, image, image_len, &image_len) != TINYOPS_OK) abort();
    /* The image as made: same outputs as tinyops_init on a random input. */
    if (start(model, model_len, image, image_len, arena, arena_len, &prepared) != 1) {
        fprintf(stderr, "fuzz_prepared: %s: the exported image is refused\n", path);
        failures++;
    } else {
        uint8_t *kept = copy_of(image, image_len);
        if (tinyops_init_prepared(&prepared, model, model_len, kept, image_len, arena, arena_len) != TINYOPS_OK) abort();
        for (i = 0; i < tinyops_input_count(&reference); i++) {
            tinyops_tensor_info info;
            tinyops_input(&reference, i, &info);
            for (k = 0; k < info.bytes; k++) ((uint8_t *)info.data)[k] = (uint8_t)(info.type == 0 ? 0 : next_random());
            memcpy(tinyops_input_data(&prepared, i), info.data, info.bytes);
        }
        tinyops_invoke(&reference);
        tinyops_invoke(&prepared);
        for (i = 0; i < tinyops_output_count(&reference); i++) {
            tinyops_tensor_info a, b;
            tinyops_output(&reference, i, &a);
            tinyops_output(&prepared, i, &b);
            if (a.bytes != b.bytes || memcmp(a.data, b.data, a.bytes) != 0) {
                fprintf(stderr, "fuzz_prepared: %s: output %lu differs from tinyops_init's\n", path, (unsigned long)i);
                failures++;
            }
        }
        free(kept);
    }
    for (i = 0; i < image_len; i++) {
        if (start(model, model_len, image, i, arena, arena_len, &prepared) != 0) {
            fprintf(stderr, "fuzz_prepared: %s: image truncated to %lu bytes accepted\n", path, (unsigned long)i);
            failures++;
        }
    }
    mutated = (uint8_t *)malloc(image_len);
    if (mutated == NULL) abort();
    /* The bytes before the record bodies: header, descriptors, operator table, I/O refs. */
    {
        uint32_t ops, inputs, outputs;
        memcpy(&ops, image + 24, 4);
        memcpy(&inputs, image + 28, 4);
        memcpy(&outputs, image + 32, 4);
        structure = 44u + 52u * (inputs + outputs) + 8u * ops;
    }
    for (m = 0; m < 2 * mutations; m++) {
        const int keep_crc = m >= mutations;
        size_t edits = 1 + below(4), e;
        int result;
        memcpy(mutated, image, image_len);
        for (e = 0; e < edits; e++) {
            size_t at = keep_crc ? below(structure) : below(image_len);
            if (next_random() & 1u) mutated[at] ^= (uint8_t)(1u << below(8));
            else mutated[at] = (uint8_t)next_random();
        }
        if (memcmp(mutated, image, image_len) == 0) continue;
        if (keep_crc) fix_crc(mutated, image_len);
        result = start(model, model_len, mutated, image_len, arena, arena_len, &prepared);
        if (result < 0 || (!keep_crc && result != 0)) {
            fprintf(stderr, "fuzz_prepared: %s: mutation %ld %s\n", path, m, result < 0 ? "put graph I/O outside the arena" : "accepted");
            failures++;
        }
        accepted += result == 1;
    }
    printf("fuzz_prepared: %s: %lu-byte image, %lu truncations, %ld mutations refused, %ld CRC-fixed structural mutations (%lu accepted, I/O inside the arena)\n",
           path, (unsigned long)image_len, (unsigned long)image_len, mutations, mutations, (unsigned long)accepted);
    free(mutated);
    free(image);
    free(model);
    free(arena);
    free(init_arena);
    return failures;
}

int main(int argc, char **argv) {
    long mutations = 500;
    int arg = 1, failures = 0;
    rng_state = 1;
    while (arg + 1 < argc && strncmp(argv[arg], "--", 2) == 0) {
        if (strcmp(argv[arg], "--mutations") == 0) mutations = atol(argv[arg + 1]);
        else if (strcmp(argv[arg], "--seed") == 0) rng_state = (uint64_t)atoll(argv[arg + 1]);
        arg += 2;
    }
    if (arg >= argc) {
        fprintf(stderr, "usage: fuzz_prepared [--mutations N] [--seed S] MODEL.tflite ...\n");
        return 2;
    }
    for (; arg < argc; arg++) failures += fuzz_model(argv[arg], mutations);
    return failures == 0 ? 0 : 1;
}
