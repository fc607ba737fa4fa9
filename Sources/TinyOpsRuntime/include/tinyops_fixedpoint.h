/* TinyOpsRuntime's fixed-point arithmetic (TFLite Micro's rules: gemmlowp rounding,
 * double-rounding MultiplyByQuantizedMultiplier), exported so that host code (a Swift
 * int8 path, the quantizer, tests) can use exactly the arithmetic the runtime uses.
 *
 * Arguments outside the documented ranges return 0 (never undefined behaviour). */
#ifndef TINYOPS_FIXEDPOINT_API_H
#define TINYOPS_FIXEDPOINT_API_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* round(a * b / 2^31), ties toward +infinity, INT32_MIN * INT32_MIN saturated. */
int32_t tinyops_fp_saturating_rounding_doubling_high_mul(int32_t a, int32_t b);

/* x / 2^exponent rounded to nearest, ties away from zero; 0 <= exponent <= 31. */
int32_t tinyops_fp_rounding_divide_by_pot(int32_t x, int32_t exponent);

/* TFLM MultiplyByQuantizedMultiplier: x * multiplier * 2^(shift - 31) with TFLM's
 * rounding; -31 <= shift <= 30. */
int32_t tinyops_fp_multiply_by_quantized_multiplier(int32_t x, int32_t multiplier, int32_t shift);

/* TFLM QuantizeMultiplier: real ~= multiplier * 2^(shift - 31), multiplier in
 * [2^30, 2^31) (or 0). Returns 0 for negative or non-finite `real`. */
int tinyops_fp_quantize_multiplier(double real, int32_t *multiplier, int32_t *shift);

/* gemmlowp exp_on_negative_values: a in Q(integer_bits), a <= 0, 1 <= integer_bits <= 6;
 * result in Q0.31. */
int32_t tinyops_fp_exp_on_negative_values(int32_t a, int32_t integer_bits);

/* gemmlowp logistic of a Q4.27 value; result in Q0.31. */
int32_t tinyops_fp_logistic_q4(int32_t a);

/* gemmlowp one_over_one_plus_x_for_x_in_0_1 (Q0.31 in and out), a >= 0. */
int32_t tinyops_fp_one_over_one_plus_x(int32_t a);

/* std::round for float (half away from zero). */
float tinyops_fp_roundf(float x);

/* std::frexp: x = fraction * 2^exponent, 0.5 <= |fraction| < 1. */
double tinyops_fp_frexp(double x, int32_t *exponent);

#ifdef __cplusplus
}
#endif

#endif /* TINYOPS_FIXEDPOINT_API_H */
