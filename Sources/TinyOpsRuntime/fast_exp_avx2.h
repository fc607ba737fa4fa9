/* Host fast paths (TINYOPS_FAST_KERNELS) with AVX2: gemmlowp's fixed-point exp, 1 / (1 + x)
 * and logistic on eight int32 lanes, exactly as fixedpoint.c computes them one value at a
 * time (SOFTMAX's and LOGISTIC's arithmetic is all 32-bit integer, so it vectorizes lane by
 * lane with the same results). For the AVX2 functions of k_softmax.c only. */
#ifndef TINYOPS_FAST_EXP_AVX2_H
#define TINYOPS_FAST_EXP_AVX2_H

#include "fast_avx2.h"

#if defined(TQ_FAST_AVX2)

/* tq_srdhm: floor((a * b + 2^30) / 2^31) (see tq_requant_x8), bits 31..62 of the 64-bit sum
 * for even and odd lanes. That is never INT32_MIN except for a = b = INT32_MIN (2^31, which
 * wraps to INT32_MIN), where gemmlowp saturates to INT32_MAX: flipping every bit of an
 * INT32_MIN result gives it. */
static inline TQ_AVX2_FN __m256i tq_srdhm_x8(__m256i a, __m256i b) {
    const __m256i round = _mm256_set1_epi64x((int64_t)1 << 30);
    const __m256i even = _mm256_add_epi64(_mm256_mul_epi32(a, b), round);
    const __m256i odd = _mm256_add_epi64(_mm256_mul_epi32(_mm256_srli_epi64(a, 32), _mm256_srli_epi64(b, 32)), round);
    const __m256i q = _mm256_blend_epi32(_mm256_srli_epi64(even, 31), _mm256_slli_epi64(odd, 1), 0xaa);
    return _mm256_xor_si256(q, _mm256_cmpeq_epi32(q, _mm256_set1_epi32(INT32_MIN)));
}

/* tq_rdbpot: (x >> e) + [remainder > (mask >> 1) + (x < 0)], 0 <= e <= 31. */
static inline TQ_AVX2_FN __m256i tq_rdbpot_x8(__m256i x, int e) {
    const int32_t mask = (int32_t)(((int64_t)1 << e) - 1);
    const __m256i remainder = _mm256_and_si256(x, _mm256_set1_epi32(mask));
    const __m256i negative = _mm256_cmpgt_epi32(_mm256_setzero_si256(), x); /* -1 where x < 0 */
    const __m256i threshold = _mm256_sub_epi32(_mm256_set1_epi32(mask >> 1), negative);
    const __m256i shifted = _mm256_sra_epi32(x, _mm_cvtsi32_si128(e));
    return _mm256_sub_epi32(shifted, _mm256_cmpgt_epi32(remainder, threshold));
}

/* tq_sat_shl: x * 2^e saturated, 0 < e < 31. */
static inline TQ_AVX2_FN __m256i tq_sat_shl_x8(__m256i x, int e) {
    const int32_t threshold = (int32_t)((1u << (31 - e)) - 1u);
    const __m256i above = _mm256_cmpgt_epi32(x, _mm256_set1_epi32(threshold));
    const __m256i below = _mm256_cmpgt_epi32(_mm256_set1_epi32(-threshold), x);
    __m256i r = _mm256_sll_epi32(x, _mm_cvtsi32_si128(e));
    r = _mm256_blendv_epi8(r, _mm256_set1_epi32(INT32_MAX), above);
    return _mm256_blendv_epi8(r, _mm256_set1_epi32(INT32_MIN), below);
}

/* exp on [-1/4, 0), as fixedpoint.c's Taylor expansion around -1/8. */
static inline TQ_AVX2_FN __m256i tq_exp_quarter_x8(__m256i a) {
    const __m256i constant_term = _mm256_set1_epi32(1895147668);
    const __m256i x = _mm256_add_epi32(a, _mm256_set1_epi32(1 << 28));
    const __m256i x2 = tq_srdhm_x8(x, x);
    const __m256i x3 = tq_srdhm_x8(x2, x);
    const __m256i x4 = tq_srdhm_x8(x2, x2);
    const __m256i x4_over_4 = tq_rdbpot_x8(x4, 2);
    const __m256i poly = tq_rdbpot_x8(
        _mm256_add_epi32(tq_srdhm_x8(_mm256_add_epi32(x4_over_4, x3), _mm256_set1_epi32(715827883)), x2), 1);
    return _mm256_add_epi32(constant_term, tq_srdhm_x8(constant_term, _mm256_add_epi32(x, poly)));
}

/* tq_exp_on_negative_values, 1 <= integer_bits <= 6. */
static inline TQ_AVX2_FN __m256i tq_exp_on_negative_values_x8(__m256i a, int integer_bits) {
    static const int32_t multipliers[7] = {1672461947, 1302514674, 790015084, 290630308, 39332535, 720401, 242};
    const int fractional_bits = 31 - integer_bits;
    const int32_t one_quarter = (int32_t)1 << (fractional_bits - 2);
    const __m256i a_mod_quarter_minus_one_quarter =
        _mm256_sub_epi32(_mm256_and_si256(a, _mm256_set1_epi32(one_quarter - 1)), _mm256_set1_epi32(one_quarter));
    const __m256i remainder = _mm256_sub_epi32(a_mod_quarter_minus_one_quarter, a);
    __m256i result = tq_exp_quarter_x8(tq_sat_shl_x8(a_mod_quarter_minus_one_quarter, integer_bits));
    int exponent;
    for (exponent = -2; exponent <= 4; exponent++) {
        if (integer_bits > exponent) {
            const __m256i bit = _mm256_set1_epi32((int32_t)((uint32_t)1 << (fractional_bits + exponent)));
            const __m256i set = _mm256_cmpeq_epi32(_mm256_and_si256(remainder, bit), bit);
            result = _mm256_blendv_epi8(result, tq_srdhm_x8(result, _mm256_set1_epi32(multipliers[exponent + 2])), set);
        }
    }
    if (integer_bits > 5) {
        const __m256i clamp = _mm256_set1_epi32(-((int32_t)1 << (36 - integer_bits)));
        result = _mm256_andnot_si256(_mm256_cmpgt_epi32(clamp, a), result);
    }
    return _mm256_blendv_epi8(result, _mm256_set1_epi32(INT32_MAX), _mm256_cmpeq_epi32(a, _mm256_setzero_si256()));
}

/* tq_one_over_one_plus_x. half_denominator = (a + INT32_MAX + sign) / 2 (truncating) is
 * floor(a / 2) + 2^30, except -1 for a = INT32_MIN. */
static inline TQ_AVX2_FN __m256i tq_one_over_one_plus_x_x8(__m256i a) {
    const __m256i f2_one = _mm256_set1_epi32((int32_t)1 << 29);
    const __m256i half_denominator = _mm256_add_epi32(_mm256_add_epi32(_mm256_srai_epi32(a, 1), _mm256_set1_epi32(1 << 30)),
                                                      _mm256_cmpeq_epi32(a, _mm256_set1_epi32(INT32_MIN)));
    __m256i x = _mm256_add_epi32(_mm256_set1_epi32(1515870810), tq_srdhm_x8(half_denominator, _mm256_set1_epi32(-1010580540)));
    int i;
    for (i = 0; i < 3; i++) {
        const __m256i one_minus = _mm256_sub_epi32(f2_one, tq_srdhm_x8(half_denominator, x));
        x = _mm256_add_epi32(x, tq_sat_shl_x8(tq_srdhm_x8(x, one_minus), 2));
    }
    return tq_sat_shl_x8(x, 1);
}

/* tq_logistic_q4: 1/2 at 0; 1 / (1 + exp(-|a|)), mirrored below 0. */
static inline TQ_AVX2_FN __m256i tq_logistic_q4_x8(__m256i a) {
    const __m256i negative_abs = _mm256_sub_epi32(_mm256_setzero_si256(), _mm256_abs_epi32(a));
    const __m256i positive = tq_one_over_one_plus_x_x8(tq_exp_on_negative_values_x8(negative_abs, 4));
    const __m256i r = _mm256_blendv_epi8(_mm256_sub_epi32(_mm256_set1_epi32(INT32_MAX), positive), positive,
                                         _mm256_cmpgt_epi32(a, _mm256_setzero_si256()));
    return _mm256_blendv_epi8(r, _mm256_set1_epi32(1 << 30), _mm256_cmpeq_epi32(a, _mm256_setzero_si256()));
}

#endif /* TQ_FAST_AVX2 */

#endif /* TINYOPS_FAST_EXP_AVX2_H */
