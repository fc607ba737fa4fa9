/* Fixed-point arithmetic with TFLite Micro's rounding rules (double rounding, the default
 * build: TFLITE_SINGLE_ROUNDING unset).
 *
 * Invoke-time helpers are static inline and integer-only. Wrapping that TFLM leaves to
 * signed overflow is done in unsigned arithmetic here, so the results are the same
 * without undefined behaviour.
 *
 * The init-time multipliers are computed from the float scales in integers by scale.h. */
#ifndef TINYOPS_FIXEDPOINT_H
#define TINYOPS_FIXEDPOINT_H

#include <stdint.h>

/* a + b, a - b, a * b with two's-complement wrap-around. */
static inline int32_t tq_wrap_add(int32_t a, int32_t b) { return (int32_t)((uint32_t)a + (uint32_t)b); }
static inline int32_t tq_wrap_sub(int32_t a, int32_t b) { return (int32_t)((uint32_t)a - (uint32_t)b); }
static inline int32_t tq_wrap_mul(int32_t a, int32_t b) { return (int32_t)((uint32_t)a * (uint32_t)b); }

/* gemmlowp SaturatingRoundingDoublingHighMul: round(a * b / 2^31), -1 * -1 saturated. */
static inline int32_t tq_srdhm(int32_t a, int32_t b) {
    int64_t ab;
    int32_t nudge;
    if (a == b && a == INT32_MIN) return INT32_MAX;
    ab = (int64_t)a * (int64_t)b;
    nudge = ab >= 0 ? (1 << 30) : (1 - (1 << 30));
    return (int32_t)((ab + nudge) / ((int64_t)1 << 31)); /* truncating division, as gemmlowp */
}

/* gemmlowp RoundingDivideByPOT: x / 2^exponent rounded to nearest, ties away from zero;
 * 0 <= exponent <= 31. */
static inline int32_t tq_rdbpot(int32_t x, int exponent) {
    const int32_t mask = (int32_t)(((int64_t)1 << exponent) - 1);
    const int32_t remainder = x & mask;
    const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
    return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

/* x * 2^shift with two's-complement wrap (TFLM's `x * (1 << left_shift)`), 0 <= shift <= 31. */
static inline int32_t tq_shl_wrap(int32_t x, int shift) { return (int32_t)((uint32_t)x << shift); }

/* TFLM MultiplyByQuantizedMultiplier(int32_t x, multiplier, shift), shift in [-31, 30]. */
static inline int32_t tq_mbqm(int32_t x, int32_t multiplier, int shift) {
    const int left = shift > 0 ? shift : 0;
    const int right = shift > 0 ? 0 : -shift;
    return tq_rdbpot(tq_srdhm(tq_shl_wrap(x, left), multiplier), right);
}

/* tq_mbqm as one out-of-line function (fixedpoint.c): the portable kernels call it, so a
 * firmware holds one copy instead of one inlined per kernel. */
int32_t tq_mbqm_call(int32_t x, int32_t multiplier, int shift);
/* tq_srdhm out of line, for the same reason. */
int32_t tq_srdhm_call(int32_t a, int32_t b);

/* gemmlowp SaturatingRoundingMultiplyByPOT<exponent> for a positive exponent. */
static inline int32_t tq_sat_shl(int32_t x, int exponent) {
    const int32_t threshold = (int32_t)((1u << (31 - exponent)) - 1u);
    if (x > threshold) return INT32_MAX;
    if (x < -threshold) return INT32_MIN;
    return (int32_t)((uint32_t)x << exponent);
}

/* gemmlowp exp_on_negative_values for a Q(integer_bits) input, result Q0.31. */
int32_t tq_exp_on_negative_values(int32_t a, int integer_bits);

/* gemmlowp one_over_one_plus_x_for_x_in_0_1 (Q0.31 in and out). */
int32_t tq_one_over_one_plus_x(int32_t a);

/* gemmlowp logistic for a Q4.27 input, result Q0.31. */
int32_t tq_logistic_q4(int32_t a);

/* TFLM GetReciprocal: 1 / x for a Q(x_integer_digits) x > 0; Q0.31 result. */
int32_t tq_reciprocal(int32_t x, int x_integer_digits, int *num_bits_over_unit);

/* Number of leading zero bits of a 32-bit / 64-bit value (32 / 64 for 0). */
int tq_clz32(uint32_t x);
int tq_clz64(uint64_t x);

/* ---- init time ---- */

/* std::round (half away from zero) for float; |x| < 2^31 required. */
float tq_roundf(float x);

/* (int32_t)f as an x86-64 TFLM host computes it: out-of-range and NaN give INT32_MIN. */
int32_t tq_f32_to_i32_x86(float f);

#endif /* TINYOPS_FIXEDPOINT_H */
