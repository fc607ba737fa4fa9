/* The exported fixed-point functions (include/tinyops_fixedpoint.h), checked wrappers
 * around the runtime's own helpers. */
#include "tinyops_fixedpoint.h"

#include "fixedpoint.h"

int32_t tinyops_fp_saturating_rounding_doubling_high_mul(int32_t a, int32_t b) { return tq_srdhm(a, b); }

int32_t tinyops_fp_rounding_divide_by_pot(int32_t x, int32_t exponent) {
    return exponent < 0 || exponent > 31 ? 0 : tq_rdbpot(x, (int)exponent);
}

int32_t tinyops_fp_multiply_by_quantized_multiplier(int32_t x, int32_t multiplier, int32_t shift) {
    return shift < -31 || shift > 30 ? 0 : tq_mbqm(x, multiplier, (int)shift);
}

int tinyops_fp_quantize_multiplier(double real, int32_t *multiplier, int32_t *shift) {
    int s = 0;
    if (multiplier == 0 || shift == 0 || !tq_quantize_multiplier(real, multiplier, &s)) return 0;
    *shift = s;
    return 1;
}

int32_t tinyops_fp_exp_on_negative_values(int32_t a, int32_t integer_bits) {
    return a > 0 || integer_bits < 1 || integer_bits > 6 ? 0 : tq_exp_on_negative_values(a, (int)integer_bits);
}

int32_t tinyops_fp_logistic_q4(int32_t a) { return tq_logistic_q4(a); }

int32_t tinyops_fp_one_over_one_plus_x(int32_t a) { return a < 0 ? 0 : tq_one_over_one_plus_x(a); }

float tinyops_fp_roundf(float x) { return tq_roundf(x); }

double tinyops_fp_frexp(double x, int32_t *exponent) {
    int e = 0;
    double f = tq_isfinite(x) ? tq_frexp(x, &e) : x;
    if (exponent != 0) *exponent = e;
    return f;
}
