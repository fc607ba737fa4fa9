/* The AVX2 fixed-point functions of fast_exp_avx2.h (SOFTMAX's and LOGISTIC's exp,
 * 1 / (1 + x), logistic, and their building blocks) against fixedpoint.c's scalar ones, lane
 * by lane, on seeded random values of every magnitude and the edges (0, +-1, INT32_MIN,
 * INT32_MAX). Built and run by RuntimeFastPathTests with the runtime's fixedpoint.c.
 *
 *   exp_lanes ROUNDS        prints "lanes N mismatches M" (exit 1 if M > 0), or "no avx2"
 *
 * Each round checks eight lanes of each function. */
#include <stdio.h>
#include <stdlib.h>

#include "fast_exp_avx2.h"
#include "fixedpoint.h"

#if defined(TQ_FAST_AVX2)
static uint32_t next(uint64_t *state) {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    return (uint32_t)*state;
}

/* A random int32 of a random magnitude, an edge value, or a small one. */
static int32_t value(uint64_t *state) {
    static const int32_t edges[6] = {0, 1, -1, INT32_MIN, INT32_MAX, INT32_MIN + 1};
    const uint32_t u = next(state);
    switch (next(state) % 5) {
    case 0: return (int32_t)u;
    case 1: return (int32_t)(u >> (next(state) % 32));
    case 2: return -(int32_t)(u >> (1 + next(state) % 31));
    case 3: return edges[next(state) % 6];
    default: return (int32_t)(next(state) % 64) - 32;
    }
}

static TQ_AVX2_FN long check(long rounds) {
    uint64_t state = 88172645463325252ull;
    long round, mismatches = 0;
    int k;
    for (round = 0; round < rounds; round++) {
        int32_t a[8], b[8], negative[8], r[6][8];
        const int e = (int)(next(&state) % 32), s = 1 + (int)(next(&state) % 30);
        __m256i va, vb;
        for (k = 0; k < 8; k++) {
            a[k] = value(&state);
            b[k] = next(&state) % 8 == 0 ? a[k] : value(&state);
            negative[k] = a[k] == INT32_MIN ? INT32_MIN : -abs(a[k]);
        }
        va = _mm256_loadu_si256((const __m256i *)(const void *)a);
        vb = _mm256_loadu_si256((const __m256i *)(const void *)b);
        _mm256_storeu_si256((__m256i *)(void *)r[0], tq_srdhm_x8(va, vb));
        _mm256_storeu_si256((__m256i *)(void *)r[1], tq_rdbpot_x8(va, e));
        _mm256_storeu_si256((__m256i *)(void *)r[2], tq_sat_shl_x8(va, s));
        _mm256_storeu_si256((__m256i *)(void *)r[3],
                            tq_exp_on_negative_values_x8(_mm256_loadu_si256((const __m256i *)(const void *)negative), 5));
        _mm256_storeu_si256((__m256i *)(void *)r[4], tq_one_over_one_plus_x_x8(va));
        _mm256_storeu_si256((__m256i *)(void *)r[5], tq_logistic_q4_x8(va));
        for (k = 0; k < 8; k++) {
            mismatches += r[0][k] != tq_srdhm(a[k], b[k]);
            mismatches += r[1][k] != tq_rdbpot(a[k], e);
            mismatches += r[2][k] != tq_sat_shl(a[k], s);
            mismatches += r[3][k] != tq_exp_on_negative_values(negative[k], 5);
            mismatches += r[4][k] != tq_one_over_one_plus_x(a[k]);
            mismatches += r[5][k] != tq_logistic_q4(a[k]);
        }
    }
    return mismatches;
}
#endif

int main(int argc, char **argv) {
    const long rounds = argc > 1 ? atol(argv[1]) : 100000;
#if defined(TQ_FAST_AVX2)
    long mismatches;
    if (!tq_avx2_usable()) {
        printf("no avx2\n");
        return 0;
    }
    mismatches = check(rounds);
    printf("lanes %ld mismatches %ld\n", rounds * 8, mismatches);
    return mismatches == 0 ? 0 : 1;
#else
    (void)rounds;
    printf("no avx2\n");
    return 0;
#endif
}
