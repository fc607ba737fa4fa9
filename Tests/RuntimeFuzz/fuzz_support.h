/* What the fuzzing programs in Tests/RuntimeFuzz share: a seeded random generator and reading
 * a whole file. Each program is one translation unit (plus the runtime), so these are static. */
#ifndef TINYOPS_FUZZ_SUPPORT_H
#define TINYOPS_FUZZ_SUPPORT_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* SplitMix64 state; programs seed it from --seed. */
static uint64_t rng_state;

static uint64_t next_random(void) { /* SplitMix64 */
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* Uniform-ish in [0, n); 0 when n is 0. */
static size_t below(size_t n) { return n == 0 ? 0 : (size_t)(next_random() % n); }

/* The whole file in a malloc'd block (one spare byte, so an empty file still gets a block);
 * exits with status 2 and "<program>: cannot read <path>" when it cannot. */
static uint8_t *read_file(const char *program, const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    uint8_t *data;
    long size;
    if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
        fprintf(stderr, "%s: cannot read %s\n", program, path);
        exit(2);
    }
    data = (uint8_t *)malloc((size_t)size + 1);
    if (data == NULL || fread(data, 1, (size_t)size, f) != (size_t)size) {
        fprintf(stderr, "%s: cannot read %s\n", program, path);
        exit(2);
    }
    fclose(f);
    *len = (size_t)size;
    return data;
}

#endif /* TINYOPS_FUZZ_SUPPORT_H */
