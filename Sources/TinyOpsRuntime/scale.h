/* Init-time arithmetic on quantization scales without floating point.
 *
 * TFLM computes its requantization multipliers from the float32 scales in double:
 * (double)in_scale * (double)filter_scale / (double)out_scale, then QuantizeMultiplier
 * (std::frexp, std::round of fraction x 2^31). The functions here give the same values bit for
 * bit with integer arithmetic only (32 x 32 -> 64 bit multiplies, 64-bit shifts and adds, a
 * shift-subtract division), so a firmware links none of libgcc's double-precision or 64-bit
 * division helpers:
 *
 * - a product of two floats has at most 48 significant bits, so in double it is exact
 *   (tq_real_mul keeps it exact);
 * - a quotient or sum is rounded once to 53 bits, to nearest with ties to even, as an IEEE
 *   double operation rounds it (tq_real_div, tq_real_add);
 * - QuantizeMultiplier then rounds that double's fraction to 31 bits, ties away from zero.
 *
 * Zeros, infinities, NaNs and signs follow IEEE 754, so every float32 input, including
 * subnormals and the values a corrupt model may carry, gives what the double code gives.
 * Results of tq_real_div and tq_real_add must lie in the normal double range, which holds for
 * any expression of a few float32 values (their quotients and products stay within 2^-450 ..
 * 2^400). Tests/ScaleHarness checks all of this against double arithmetic. */
#ifndef TINYOPS_SCALE_H
#define TINYOPS_SCALE_H

#include <stdint.h>

enum { TQ_REAL_ZERO, TQ_REAL_FINITE, TQ_REAL_INF, TQ_REAL_NAN };

/* A double-precision value: finite ones are m x 2^e with m in [2^62, 2^63) (at most 53
 * significant bits, or 62 inside an operation, where the lowest bit is sticky). */
typedef struct tq_real {
    uint64_t m;
    int32_t e;
    uint8_t cls; /* TQ_REAL_* */
    uint8_t neg;
} tq_real;

/* Double constants the kernels compare with, as tq_real_f64 gives them (the scale harness
 * checks that): 0.02 (0x3F947AE147AE147B) and 2147483647.0 (0x41DFFFFFFFC00000). */
#define TQ_REAL_TWO_PERCENT {0x51EB851EB851EC00ull, -68, TQ_REAL_FINITE, 0}
#define TQ_REAL_INT32_MAX {0x7FFFFFFF00000000ull, -32, TQ_REAL_FINITE, 0}

/* 1 when f is positive and finite (a nonzero, non-NaN, non-infinite scale). */
int tq_f32_positive_finite(float f);

/* (double)f exactly. */
void tq_real_f32(tq_real *r, float f);

/* The double with this IEEE-754 bit pattern, exactly. */
void tq_real_f64(tq_real *r, uint64_t bits);

/* a x b exactly, for operands with at most 32 significant bits (any two floats). */
void tq_real_mul(tq_real *r, const tq_real *a, const tq_real *b);

/* a / b and a + b rounded as IEEE double operations (nearest, ties to even). */
void tq_real_div(tq_real *r, const tq_real *a, const tq_real *b);
void tq_real_add(tq_real *r, const tq_real *a, const tq_real *b);

/* a x 2^k (exact; zeros, infinities and NaNs unchanged). */
void tq_real_scale2(tq_real *r, int32_t k);

/* -1, 0 or 1 as a < b, a == b, a > b; 2 when either is NaN (unordered). */
int tq_real_cmp(const tq_real *a, const tq_real *b);

/* round(frexp(x) x 2^31), rounding half away from zero, for a finite x > 0: returns q in
 * [2^30, 2^31] with x ~= q x 2^(exponent - 31). */
uint32_t tq_real_frexp_q31(const tq_real *x, int32_t *exponent);

/* TFLM QuantizeMultiplier of a double: x ~= multiplier x 2^(shift - 31), multiplier in
 * [2^30, 2^31) (or 0 for x = 0 and for x < 2^-32, as TFLM flushes those). Returns 0 for
 * negative, infinite and NaN x. */
int tq_real_quantize_multiplier(const tq_real *x, int32_t *multiplier, int32_t *shift);

/* n / d, truncated, for d > 0: a shift-subtract division (no libgcc 64-bit division). */
uint64_t tq_udiv64(uint64_t n, uint32_t d);

#endif /* TINYOPS_SCALE_H */
