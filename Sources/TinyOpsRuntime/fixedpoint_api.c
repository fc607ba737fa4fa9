/* The exported fixed-point functions (include/tinyops_fixedpoint.h), checked wrappers
 * around the runtime's own helpers. */
#include "tinyops_fixedpoint.h"

#include <string.h>

#include "fixedpoint.h"
#include "scale.h"

static uint64_t bits_of(double x) {
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

int32_t tinyops_fp_saturating_rounding_doubling_high_mul(int32_t a, int32_t b) { return tq_srdhm(a, b); }

int32_t tinyops_fp_rounding_divide_by_pot(int32_t x, int32_t exponent) {
    return exponent < 0 || exponent > 31 ? 0 : tq_rdbpot(x, (int)exponent);
}

int32_t tinyops_fp_multiply_by_quantized_multiplier(int32_t x, int32_t multiplier, int32_t shift) {
    return shift < -31 || shift > 30 ? 0 : tq_mbqm(x, multiplier, (int)shift);
}

int tinyops_fp_quantize_multiplier(double real, int32_t *multiplier, int32_t *shift) {
    tq_real x;
    int32_t m = 0, s = 0;
    tq_real_f64(&x, bits_of(real));
    if (multiplier == 0 || shift == 0 || !tq_real_quantize_multiplier(&x, &m, &s)) return 0;
    *multiplier = m;
    *shift = s;
    return 1;
}

int32_t tinyops_fp_exp_on_negative_values(int32_t a, int32_t integer_bits) {
    return a > 0 || integer_bits < 1 || integer_bits > 6 ? 0 : tq_exp_on_negative_values(a, (int)integer_bits);
}

int32_t tinyops_fp_logistic_q4(int32_t a) { return tq_logistic_q4(a); }

int32_t tinyops_fp_one_over_one_plus_x(int32_t a) { return a < 0 ? 0 : tq_one_over_one_plus_x(a); }

float tinyops_fp_roundf(float x) { return tq_roundf(x); }

/* On the bit pattern: the sign and significand kept, the exponent set to 2^-1. */
double tinyops_fp_frexp(double x, int32_t *exponent) {
    const uint64_t u = bits_of(x);
    tq_real r;
    int32_t e = 0;
    tq_real_f64(&r, u);
    if (r.cls == TQ_REAL_FINITE) {
        const uint64_t fraction = (r.m >> 10) & 0xFFFFFFFFFFFFFull; /* 53 bits, leading one dropped */
        const uint64_t bits = (u & 0x8000000000000000ull) | ((uint64_t)1022 << 52) | fraction;
        e = r.e + 63;
        memcpy(&x, &bits, sizeof x);
    }
    if (exponent != 0) *exponent = e;
    return x;
}
