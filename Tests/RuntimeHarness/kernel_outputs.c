/* Runs models on seeded inputs and prints one line per model: the FNV-1a hash of every
 * output byte over all samples. Built twice by RuntimeFastPathTests, with the host fast
 * kernels (the default) and with -DTINYOPS_FAST_KERNELS=0 (the portable kernels a Cortex-M
 * build runs); the two must print the same lines (Tests/TinyOpsKitTests/Runtime).
 *
 *   kernel_outputs MODEL.tflite...
 *
 * Inputs: 40 samples of random bytes, then all -128 and all 127 (every input, any type). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tinyops_runtime.h"

static uint8_t *read_file(const char *path, size_t *size) {
    FILE *f = fopen(path, "rb");
    uint8_t *data;
    long n;
    if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) return NULL;
    data = (uint8_t *)malloc((size_t)n + 1);
    if (data == NULL || fread(data, 1, (size_t)n, f) != (size_t)n) return NULL;
    fclose(f);
    *size = (size_t)n;
    return data;
}

int main(int argc, char **argv) {
    int i, status = 0;
    for (i = 1; i < argc; i++) {
        size_t size = 0, k, q, s;
        uint8_t *model = read_file(argv[i], &size), *work, *arena;
        tinyops_plan_info info;
        tinyops_interpreter it;
        uint32_t state = 12345u, hash = 2166136261u;
        if (model == NULL) {
            printf("%s: unreadable\n", argv[i]);
            status = 1;
            continue;
        }
        tinyops_plan(model, size, NULL, 0, &info, NULL);
        work = (uint8_t *)malloc(info.work_bytes + 1);
        if (tinyops_plan(model, size, work, info.work_bytes, &info, NULL) != TINYOPS_OK ||
            (arena = (uint8_t *)malloc(info.arena_bytes)) == NULL ||
            tinyops_init(&it, model, size, arena, info.arena_bytes) != TINYOPS_OK) {
            printf("%s: init failed\n", argv[i]);
            status = 1;
            continue;
        }
        for (s = 0; s < 42; s++) {
            for (q = 0; q < tinyops_input_count(&it); q++) {
                tinyops_tensor_info in;
                tinyops_input(&it, q, &in);
                for (k = 0; k < in.bytes; k++) {
                    state = state * 1103515245u + 12345u;
                    ((uint8_t *)in.data)[k] = s < 40 ? (uint8_t)(state >> 16) : s == 40 ? 0x80 : 0x7F;
                }
            }
            tinyops_invoke(&it);
            for (q = 0; q < tinyops_output_count(&it); q++) {
                tinyops_tensor_info out;
                tinyops_output(&it, q, &out);
                for (k = 0; k < out.bytes; k++) hash = (hash ^ ((const uint8_t *)out.data)[k]) * 16777619u;
            }
        }
        printf("%s %08lx\n", argv[i], (unsigned long)hash);
        free(arena);
        free(work);
        free(model);
    }
    return status;
}
