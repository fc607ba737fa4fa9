/* Mutation fuzzing of the model patch applier (tinyops_patch.h), for sanitizer builds
 * (scripts/sanitize.sh compiles it with -fsanitize=address,undefined).
 *
 *   fuzz_patch [--mutations N] [--seed S] OLD.tflite NEW.tflite PATCH [OLD NEW PATCH]...
 *
 * For every triple: the patch as it is (must rebuild NEW exactly), every truncation, then N
 * mutated copies (random bytes, bit flips, varint-sized nudges, zeroed and copied ranges),
 * each fed in random piece sizes; one mutation in eight damages the old model instead. The
 * patch, the old model and the output slot each live in a heap block of exactly their size,
 * so AddressSanitizer reports any access outside them. A crash, a sanitizer report, a patch
 * that succeeds with other bytes than NEW, or a status that differs from the recorded error
 * fails the run. Prints a summary per triple; exit status 0 when everything held. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_support.h"
#include "tinyops_patch.h"

static int failures;

typedef struct blob {
    uint8_t *bytes;
    size_t len;
} blob;

static uint8_t *exact_copy(const uint8_t *bytes, size_t len) {
    uint8_t *copy = (uint8_t *)malloc(len > 0 ? len : 1);
    if (copy == NULL) abort();
    if (len > 0) memcpy(copy, bytes, len);
    return copy;
}

/* Applies `patch` to `old` in random pieces into a slot of exactly the new length. Returns
 * the status. */
static tinyops_status exercise(const uint8_t *patch_bytes, size_t patch_len, const uint8_t *old_bytes, size_t old_len,
                               const blob *expected) {
    uint8_t *patch = exact_copy(patch_bytes, patch_len), *old = exact_copy(old_bytes, old_len);
    uint8_t *slot = (uint8_t *)malloc(expected->len);
    tinyops_patch state;
    tinyops_patch_info info;
    tinyops_status status;
    size_t at = 0;
    if (slot == NULL) abort();
    status = tinyops_patch_begin(&state, old, old_len, slot, expected->len);
    while (status == TINYOPS_OK && at < patch_len) {
        size_t piece = below(4) == 0 ? 1 + below(4) : 1 + below(300);
        if (piece > patch_len - at) piece = patch_len - at;
        status = tinyops_patch_update(&state, patch + at, piece);
        at += piece;
    }
    if (status == TINYOPS_OK) status = tinyops_patch_finish(&state, &info);
    if (status == TINYOPS_OK && (info.model_len != expected->len || memcmp(slot, expected->bytes, expected->len) != 0)) {
        failures++;
        fprintf(stderr, "fuzz_patch: a patch succeeded with other bytes than the new model\n");
    }
    if (status != TINYOPS_OK && tinyops_patch_error(&state)->status != status) {
        failures++;
        fprintf(stderr, "fuzz_patch: returned status %d, recorded %d\n", (int)status, (int)tinyops_patch_error(&state)->status);
    }
    free(slot);
    free(old);
    free(patch);
    return status;
}

static void mutate(uint8_t *b, size_t len) {
    size_t edits = 1 + below(4), e;
    for (e = 0; e < edits && len > 0; e++) {
        /* Half the edits hit the header and the first operations, where the structure is. */
        size_t at = below(2) == 0 && len > 160 ? below(160) : below(len);
        switch (below(6)) {
        case 0: b[at] = (uint8_t)next_random(); break;
        case 1: b[at] ^= (uint8_t)(1u << below(8)); break;
        case 2: b[at] = (uint8_t)(b[at] + (int)below(5) - 2); break;
        case 3: b[at] = below(2) ? 0x80u : 0x00u; break; /* varint continuation / end */
        case 4: {
            size_t n = 1 + below(16);
            if (at + n > len) n = len - at;
            memset(b + at, 0, n);
            break;
        }
        default: {
            size_t from = below(len), n = 1 + below(16);
            if (at + n > len) n = len - at;
            if (from + n > len) n = len - from;
            memmove(b + at, b + from, n);
            break;
        }
        }
    }
}

static blob read_blob(const char *path) {
    blob result;
    result.bytes = read_file("fuzz_patch", path, &result.len);
    return result;
}

int main(int argc, char **argv) {
    unsigned long mutations = 2000, seed = 1, m;
    int i;
    for (i = 1; i < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
        if (i + 1 >= argc) return 2;
        if (strcmp(argv[i], "--mutations") == 0) mutations = strtoul(argv[i + 1], NULL, 10);
        else if (strcmp(argv[i], "--seed") == 0) seed = strtoul(argv[i + 1], NULL, 10);
        else return 2;
    }
    if (i >= argc || (argc - i) % 3 != 0) {
        fprintf(stderr, "usage: fuzz_patch [--mutations N] [--seed S] OLD.tflite NEW.tflite PATCH...\n");
        return 2;
    }
    for (; i < argc; i += 3) {
        blob old = read_blob(argv[i]), new_model = read_blob(argv[i + 1]), patch = read_blob(argv[i + 2]);
        uint8_t *copy = (uint8_t *)malloc(patch.len + 1), *old_copy = (uint8_t *)malloc(old.len + 1);
        unsigned long applied = 0, refused = 0;
        size_t cut;
        if (copy == NULL || old_copy == NULL) return 2;
        rng_state = seed;
        if (exercise(patch.bytes, patch.len, old.bytes, old.len, &new_model) != TINYOPS_OK) {
            failures++;
            fprintf(stderr, "fuzz_patch: %s does not apply to %s\n", argv[i + 2], argv[i]);
        }
        for (cut = 0; cut < patch.len; cut++) {
            if (exercise(patch.bytes, cut, old.bytes, old.len, &new_model) == TINYOPS_OK) {
                failures++;
                fprintf(stderr, "fuzz_patch: the patch cut to %lu bytes succeeded\n", (unsigned long)cut);
            }
        }
        for (m = 0; m < mutations; m++) {
            memcpy(copy, patch.bytes, patch.len);
            memcpy(old_copy, old.bytes, old.len);
            if (below(8) == 0) mutate(old_copy, old.len);
            else mutate(copy, patch.len);
            if (exercise(copy, patch.len, old_copy, old.len, &new_model) == TINYOPS_OK) applied++;
            else refused++;
        }
        printf("%s: %lu truncations refused, %lu mutations (%lu refused, %lu still rebuild the new model)\n", argv[i + 2],
               (unsigned long)patch.len, mutations, refused, applied);
        free(old_copy);
        free(copy);
        free(patch.bytes);
        free(new_model.bytes);
        free(old.bytes);
    }
    if (failures > 0) {
        fprintf(stderr, "fuzz_patch: %d failure(s)\n", failures);
        return 1;
    }
    return 0;
}
