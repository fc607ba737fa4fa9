#include "fixedpoint.h"

int tq_clz32(uint32_t x) {
#if defined(__GNUC__)
    return x == 0 ? 32 : __builtin_clz(x);
#else
    int n = 0;
    if (x == 0) return 32;
    while ((x & 0x80000000u) == 0) {
        x <<= 1;
        n++;
    }
    return n;
#endif
}

int tq_clz64(uint64_t x) {
    uint32_t high = (uint32_t)(x >> 32);
    return high != 0 ? tq_clz32(high) : 32 + tq_clz32((uint32_t)x);
}

/* exp(a) for a in [-1/4, 0), Q0.31 in and out: a Taylor expansion around -1/8. */
static int32_t exp_on_interval_between_negative_one_quarter_and_0_excl(int32_t a) {
    const int32_t constant_term = 1895147668;   /* exp(-1/8) */
    const int32_t constant_1_over_3 = 715827883; /* 1/3 */
    const int32_t x = tq_wrap_add(a, 1 << 28);   /* a + 1/8 */
    const int32_t x2 = tq_srdhm(x, x);
    const int32_t x3 = tq_srdhm(x2, x);
    const int32_t x4 = tq_srdhm(x2, x2);
    const int32_t x4_over_4 = tq_rdbpot(x4, 2);
    const int32_t poly = tq_rdbpot(
        tq_wrap_add(tq_srdhm(tq_wrap_add(x4_over_4, x3), constant_1_over_3), x2), 1);
    return tq_wrap_add(constant_term, tq_srdhm(constant_term, tq_wrap_add(x, poly)));
}

int32_t tq_exp_on_negative_values(int32_t a, int integer_bits) {
    /* Q0.31 multipliers exp(-2^k) for k = -2 .. 4, the barrel shifter's stages. */
    static const int32_t multipliers[7] = {1672461947, 1302514674, 790015084, 290630308,
                                           39332535, 720401, 242};
    const int fractional_bits = 31 - integer_bits;
    const int32_t one_quarter = (int32_t)1 << (fractional_bits - 2);
    const int32_t mask = one_quarter - 1;
    const int32_t a_mod_quarter_minus_one_quarter = tq_wrap_sub(a & mask, one_quarter);
    int32_t result = exp_on_interval_between_negative_one_quarter_and_0_excl(
        tq_sat_shl(a_mod_quarter_minus_one_quarter, integer_bits));
    const int32_t remainder = tq_wrap_sub(a_mod_quarter_minus_one_quarter, a);
    int exponent;
    for (exponent = -2; exponent <= 4; exponent++) {
        if (integer_bits > exponent) {
            const int shift_amount = fractional_bits + exponent;
            if ((remainder & (int32_t)((uint32_t)1 << shift_amount)) != 0)
                result = tq_srdhm(result, multipliers[exponent + 2]);
        }
    }
    if (integer_bits > 5) {
        const int32_t clamp = -((int32_t)1 << (36 - integer_bits)); /* -32 */
        if (a < clamp) result = 0;
    }
    if (a == 0) result = INT32_MAX; /* exp(0) = 1 */
    return result;
}

int32_t tq_one_over_one_plus_x(int32_t a) {
    const int32_t constant_48_over_17 = 1515870810;      /* Q2.29 */
    const int32_t constant_neg_32_over_17 = -1010580540; /* Q2.29 */
    const int32_t f2_one = (int32_t)1 << 29;
    int64_t sum = (int64_t)a + (int64_t)INT32_MAX;
    const int32_t half_denominator = (int32_t)((sum + (sum >= 0 ? 1 : -1)) / 2);
    int32_t x = tq_wrap_add(constant_48_over_17, tq_srdhm(half_denominator, constant_neg_32_over_17));
    int i;
    for (i = 0; i < 3; i++) {
        const int32_t half_denominator_times_x = tq_srdhm(half_denominator, x);
        const int32_t one_minus_half_denominator_times_x = tq_wrap_sub(f2_one, half_denominator_times_x);
        x = tq_wrap_add(x, tq_sat_shl(tq_srdhm(x, one_minus_half_denominator_times_x), 2));
    }
    return tq_sat_shl(x, 1);
}

int32_t tq_logistic_q4(int32_t a) {
    int32_t abs_input, result_if_positive;
    if (a == 0) return (int32_t)1 << 30; /* 0.5 */
    abs_input = a > 0 ? a : tq_wrap_sub(0, a);
    result_if_positive = tq_one_over_one_plus_x(tq_exp_on_negative_values(tq_wrap_sub(0, abs_input), 4));
    return a > 0 ? result_if_positive : tq_wrap_sub(INT32_MAX, result_if_positive);
}

int32_t tq_reciprocal(int32_t x, int x_integer_digits, int *num_bits_over_unit) {
    int headroom_plus_one = tq_clz32((uint32_t)x);
    uint32_t shifted;
    if (headroom_plus_one > 31) headroom_plus_one = 31; /* x == 0 never happens in softmax */
    *num_bits_over_unit = x_integer_digits - headroom_plus_one;
    shifted = ((uint32_t)x << headroom_plus_one) - 0x80000000u;
    return tq_one_over_one_plus_x((int32_t)shifted);
}

/* ---- init time ---- */

float tq_roundf(float x) {
    float t, diff;
    if (!(x > -8388608.0f && x < 8388608.0f)) return x; /* NaN, or already an integer */
    t = (float)(int32_t)x;
    diff = x - t;
    if (diff >= 0.5f) return t + 1.0f;
    if (diff <= -0.5f) return t - 1.0f;
    return t;
}

int32_t tq_f32_to_i32_x86(float f) {
    if (f >= -2147483648.0f && f < 2147483648.0f) return (int32_t)f;
    return INT32_MIN;
}

int32_t tq_mbqm_call(int32_t x, int32_t multiplier, int shift) { return tq_mbqm(x, multiplier, shift); }

int32_t tq_srdhm_call(int32_t a, int32_t b) { return tq_srdhm(a, b); }
