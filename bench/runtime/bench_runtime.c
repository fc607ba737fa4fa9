/* Host latency of TinyOpsRuntime: per-sample time of copying one input sample into the
 * arena and invoking, over seeded random int8 (or float) samples. Time is the process's CPU
 * time (CLOCK_PROCESS_CPUTIME_ID), so a busy shared machine does not inflate it.
 *
 *   bench_runtime MODEL.tflite [SAMPLES] [REPEATS]
 *
 * Prints one JSON line: {"model": ..., "arena_bytes": ..., "us_per_sample": best of REPEATS}.
 * Build with the host compiler at -O2 (bench/runtime/run.sh does). */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tinyops_runtime.h"

static double now_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
    FILE *f;
    long size;
    uint8_t *model, *arena, *samples, *work;
    size_t count = argc > 2 ? strtoul(argv[2], NULL, 10) : 2000, repeats = argc > 3 ? strtoul(argv[3], NULL, 10) : 5;
    size_t i, r, k;
    tinyops_interpreter it;
    tinyops_plan_info info;
    tinyops_tensor_info in;
    double best = 1e30;
    uint32_t state = 1;
    volatile uint8_t sink = 0;
    if (argc < 2 || (f = fopen(argv[1], "rb")) == NULL) {
        fprintf(stderr, "usage: bench_runtime MODEL.tflite [SAMPLES] [REPEATS]\n");
        return 2;
    }
    fseek(f, 0, SEEK_END);
    size = ftell(f);
    fseek(f, 0, SEEK_SET);
    model = (uint8_t *)malloc((size_t)size + 16);
    if (model == NULL || fread(model, 1, (size_t)size, f) != (size_t)size) return 2;
    fclose(f);
    tinyops_plan(model, (size_t)size, NULL, 0, &info, NULL);
    work = (uint8_t *)malloc(info.work_bytes);
    if (tinyops_plan(model, (size_t)size, work, info.work_bytes, &info, NULL) != TINYOPS_OK) return 1;
    arena = (uint8_t *)malloc(info.arena_bytes);
    if (tinyops_init(&it, model, (size_t)size, arena, info.arena_bytes) != TINYOPS_OK) {
        char message[200];
        tinyops_error_message(tinyops_last_error(&it), message, sizeof message);
        fprintf(stderr, "bench_runtime: %s: %s\n", argv[1], message);
        return 1;
    }
    tinyops_input(&it, 0, &in);
    samples = (uint8_t *)malloc(count * in.bytes);
    for (i = 0; i < count * in.bytes; i++) {
        state = state * 1103515245u + 12345u;
        samples[i] = (uint8_t)(state >> 16);
    }
    if (in.type == TINYOPS_FLOAT32)
        for (i = 0; i + 4 <= count * in.bytes; i += 4) {
            float v = (float)(samples[i] % 200) / 50.0f - 2.0f;
            memcpy(samples + i, &v, 4);
        }
    for (r = 0; r < repeats; r++) {
        double start = now_seconds(), elapsed;
        for (i = 0; i < count; i++) {
            memcpy(in.data, samples + i * in.bytes, in.bytes);
            tinyops_invoke(&it);
            for (k = 0; k < tinyops_output_count(&it); k++) sink ^= *(const uint8_t *)tinyops_output_data(&it, k);
        }
        elapsed = (now_seconds() - start) / (double)count;
        if (elapsed < best) best = elapsed;
    }
    printf("{\"model\": \"%s\", \"arena_bytes\": %lu, \"us_per_sample\": %.3f}\n", argv[1],
           (unsigned long)tinyops_arena_used(&it), best * 1e6);
    (void)sink;
    return 0;
}
