/* What the fuzzing programs in Tests/RuntimeFuzz share: a seeded random generator and reading
 * a whole file. Each program is one translation unit (plus the runtime), so these are static (FUZZ_HELPER). */
#ifndef TINYOPS_FUZZ_SUPPORT_H
#define TINYOPS_FUZZ_SUPPORT_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* Not every program uses every helper. */
#if defined(__GNUC__)
#define FUZZ_HELPER static __attribute__((unused))
#else
#define FUZZ_HELPER static
#endif

/* SplitMix64 state; programs seed it from --seed. */
static uint64_t rng_state;

FUZZ_HELPER uint64_t next_random(void) { /* SplitMix64 */
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* Uniform-ish in [0, n); 0 when n is 0. */
FUZZ_HELPER size_t below(size_t n) { return n == 0 ? 0 : (size_t)(next_random() % n); }

/* The whole file in a malloc'd block (one spare byte, so an empty file still gets a block);
 * exits with status 2 and "<program>: cannot read <path>" when it cannot. */
FUZZ_HELPER uint8_t *read_file(const char *program, const char *path, size_t *len) {
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

/* Mutates a model blob in place: 1-8 edits of random bytes, flipped bits, and 32-bit fields set
 * to values that stress a FlatBuffer reader (offsets, counts, dims, float scales). */
FUZZ_HELPER void mutate_model(uint8_t *b, size_t len) {
    size_t edits = 1 + below(8), e;
    for (e = 0; e < edits && len > 0; e++) {
        size_t at = below(len);
        switch (below(6)) {
        case 0: b[at] = (uint8_t)next_random(); break;
        case 1: b[at] ^= (uint8_t)(1u << below(8)); break;
        case 2: { /* nudge a 32-bit little-endian value (offsets, counts, sizes) */
            uint32_t v;
            at &= ~(size_t)3;
            if (at + 4 > len) break;
            memcpy(&v, b + at, 4);
            v += (uint32_t)((int)below(65) - 32);
            memcpy(b + at, &v, 4);
            break;
        }
        case 3: { /* extreme 32-bit values: small ints (dims, strides, indices), limits, and float
                   bit patterns (0, -1, 1e30, 1e-30, infinity, NaN) for scales */
            static const uint32_t extremes[] = {0, 1, 2, 3, 7, 0xFFFFFFFFu, 0xFFFFFFFEu, 0x7FFFFFFFu, 0x80000000u,
                                                0xFFFFu, 0x10000u, 0x00000000u, 0xBF800000u, 0x7149F2CAu,
                                                0x0E01D2B2u, 0x7F800000u, 0x7FC00000u, 0x3F800000u};
            uint32_t v = extremes[below(sizeof extremes / sizeof extremes[0])];
            at &= ~(size_t)3;
            if (at + 4 <= len) memcpy(b + at, &v, 4);
            break;
        }
        case 4: { /* zero a short range */
            size_t n = 1 + below(16);
            if (at + n > len) n = len - at;
            memset(b + at, 0, n);
            break;
        }
        default: { /* copy a short range from elsewhere */
            size_t from = below(len), n = 1 + below(16);
            if (at + n > len) n = len - at;
            if (from + n > len) n = len - from;
            memmove(b + at, b + from, n);
            break;
        }
        }
    }
}

#endif /* TINYOPS_FUZZ_SUPPORT_H */
