/* Mutation fuzzing of TinyOpsRuntime over .tflite files, for sanitizer builds
 * (scripts/sanitize.sh compiles it with -fsanitize=address,undefined).
 *
 *   fuzz_models [--mutations N] [--seed S] [--truncations 0|1] MODEL.tflite...
 *
 * For every model: every truncation (each length 0 .. size-1), then N mutated copies
 * (random byte changes, 32-bit offsets nudged, ranges zeroed or copied). Each blob lives in
 * a heap block of exactly its size, so AddressSanitizer reports any read past its end.
 * For each blob: tinyops_plan, then tinyops_init with exactly the planned arena (a heap
 * block of that size) and, when init succeeds, invoke on random inputs. A crash or
 * sanitizer report fails the run; so does init/plan disagreement about the arena size, and
 * so does a plan that places two tensors live at the same time in overlapping bytes.
 * Prints a summary per model. Exit status 0 when everything held. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_support.h"
#include "planner.h" /* internal: the placement property check below */
#include "tinyops_runtime.h"

typedef struct stats {
    unsigned long tried, init_ok, invoked, plan_mismatch;
} stats;

static int failures;

/* The planner's placement: tensors whose lifetimes overlap never share bytes, and all
 * fit in the planned region. Returns 0 on a violation. */
static int plan_is_sound(const uint8_t *model, size_t len) {
    tm_model m;
    tinyops_error e;
    tq_plan_entry *entries;
    uint32_t bytes = 0, i, j;
    int sound = 1;
    if (!tm_open(&m, model, len, &e)) return 1;
    entries = (tq_plan_entry *)malloc(sizeof(tq_plan_entry) * (m.tensors.count + 1));
    if (entries == NULL) abort();
    if (tq_plan_tensors(&m, entries, &bytes, &e)) {
        for (i = 0; i < m.tensors.count; i++) {
            const tq_plan_entry *a = &entries[i];
            if (a->bytes == 0) continue;
            if (entries[a->root].bytes != a->bytes) sound = 0; /* aliases have equal sizes */
            if (a->root != i) continue;
            if ((uint64_t)a->offset + a->bytes > bytes || a->offset % a->align != 0) sound = 0;
            for (j = i + 1; j < m.tensors.count; j++) {
                const tq_plan_entry *b = &entries[j];
                if (b->bytes == 0 || b->root != j) continue;
                if (a->first <= b->last && b->first <= a->last && a->offset < b->offset + b->bytes &&
                    b->offset < a->offset + a->bytes)
                    sound = 0;
            }
        }
    }
    free(entries);
    return sound;
}

/* Plans, initialises with exactly the planned arena, invokes. */
static void exercise(const uint8_t *blob, size_t len, stats *s) {
    uint8_t *model = (uint8_t *)malloc(len > 0 ? len : 1);
    tinyops_plan_info info;
    tinyops_error error;
    tinyops_interpreter it;
    void *work;
    uint8_t *arena;
    size_t i, k;
    if (model == NULL) abort();
    if (len > 0) memcpy(model, blob, len);
    s->tried++;
    if (!plan_is_sound(model, len)) {
        failures++;
        fprintf(stderr, "fuzz_models: overlapping placement of live tensors\n");
    }
    tinyops_plan(model, len, NULL, 0, &info, &error);
    if (error.status != TINYOPS_ERR_WORK_TOO_SMALL) {
        free(model);
        return; /* rejected before planning */
    }
    work = malloc(info.work_bytes > 0 ? info.work_bytes : 1);
    if (work == NULL) abort();
    if (tinyops_plan(model, len, work, info.work_bytes, &info, &error) != TINYOPS_OK || info.arena_bytes > (64u << 20)) {
        free(work);
        free(model);
        return;
    }
    free(work);
    arena = (uint8_t *)malloc(info.arena_bytes > 0 ? info.arena_bytes : 1);
    if (arena == NULL) abort();
    if (tinyops_init(&it, model, len, arena, info.arena_bytes) == TINYOPS_OK) {
        s->init_ok++;
        if (tinyops_arena_used(&it) != info.arena_bytes) {
            s->plan_mismatch++;
            failures++;
            fprintf(stderr, "fuzz_models: plan says %lu bytes, init used %lu\n", (unsigned long)info.arena_bytes,
                    (unsigned long)tinyops_arena_used(&it));
        }
        for (i = 0; i < tinyops_input_count(&it); i++) {
            tinyops_tensor_info t;
            if (tinyops_input(&it, i, &t) != TINYOPS_OK) continue;
            for (k = 0; k < t.bytes; k++) ((uint8_t *)t.data)[k] = (uint8_t)next_random();
            if (t.type == TINYOPS_FLOAT32) /* finite floats, like real inputs */
                for (k = 0; k + 4 <= t.bytes; k += 4) {
                    float f = (float)((int)below(2001) - 1000) / 100.0f;
                    memcpy((uint8_t *)t.data + k, &f, 4);
                }
        }
        if (tinyops_invoke(&it) == TINYOPS_OK) s->invoked++;
    } else if (tinyops_last_error(&it)->status == TINYOPS_ERR_ARENA_TOO_SMALL) {
        failures++;
        fprintf(stderr, "fuzz_models: init needs more than the planned %lu bytes\n", (unsigned long)info.arena_bytes);
    }
    free(arena);
    free(model);
}

int main(int argc, char **argv) {
    unsigned long mutations = 2000, seed = 1, truncations = 1;
    int i;
    for (i = 1; i < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
        if (i + 1 >= argc) return 2;
        if (strcmp(argv[i], "--mutations") == 0) mutations = strtoul(argv[i + 1], NULL, 10);
        else if (strcmp(argv[i], "--seed") == 0) seed = strtoul(argv[i + 1], NULL, 10);
        else if (strcmp(argv[i], "--truncations") == 0) truncations = strtoul(argv[i + 1], NULL, 10);
        else return 2;
    }
    if (i >= argc) {
        fprintf(stderr, "usage: fuzz_models [--mutations N] [--seed S] [--truncations 0|1] MODEL.tflite...\n");
        return 2;
    }
    for (; i < argc; i++) {
        size_t len, cut;
        unsigned long m;
        uint8_t *original = read_file("fuzz_models", argv[i], &len), *copy = (uint8_t *)malloc(len + 1);
        stats truncated = {0, 0, 0, 0}, mutated = {0, 0, 0, 0}, whole = {0, 0, 0, 0};
        if (copy == NULL) return 2;
        rng_state = seed;
        exercise(original, len, &whole);
        for (cut = 0; truncations && cut < len; cut++) exercise(original, cut, &truncated);
        for (m = 0; m < mutations; m++) {
            memcpy(copy, original, len);
            mutate_model(copy, len);
            exercise(copy, len, &mutated);
        }
        printf("%s (%s): %lu truncations (%lu load), %lu mutations (%lu load and run)\n", argv[i],
               whole.invoked == 1 ? "runs" : "rejected unmodified", truncated.tried, truncated.init_ok, mutated.tried,
               mutated.invoked);
        free(copy);
        free(original);
    }
    if (failures > 0) {
        fprintf(stderr, "fuzz_models: %d failure(s)\n", failures);
        return 1;
    }
    return 0;
}
