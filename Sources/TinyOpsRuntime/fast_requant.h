/* Host fast paths (TINYOPS_FAST_KERNELS): TFLM's MultiplyByQuantizedMultiplier on four
 * int32 lanes with SSE2, exactly as tq_mbqm (fixedpoint.h) computes it.
 *
 * The multiplier m is in [0, 2^31) (tq_quantize_multiplier never gives more), so the
 * saturating case of SaturatingRoundingDoublingHighMul (both INT32_MIN) cannot occur, and
 * with y = x * 2^left (wrapping), p = |y| * m, e = -shift when shift < 0:
 *   SaturatingRoundingDoublingHighMul(y, m) = sign(y) * ((p + 2^30 - [y < 0]) >> 31)  (= q)
 *   RoundingDivideByPOT(sign(y) * q, e)     = sign(y) * ((q + half) >> e), half = e ? 2^(e-1) : 0
 * (both round to nearest; the first breaks ties up, the second away from zero). Every step
 * is unsigned with at most 63-bit intermediates: _mm_mul_epu32 does 32 x 32 -> 64, and the
 * per-lane shift `>> e` is a multiply by 2^(31 - e) followed by `>> 31`. */
#ifndef TINYOPS_FAST_REQUANT_H
#define TINYOPS_FAST_REQUANT_H

#include "runtime_config.h"

#if TINYOPS_FAST_KERNELS && !defined(TINYOPS_NO_SIMD) && (defined(__SSE2__) || defined(_M_X64))
#include <emmintrin.h>
#include <stdint.h>
#include <string.h>

#define TQ_FAST_SSE2 1

/* One lane's constants for tq_mbqm_x4, from a multiplier and shift as TFLM stores them. */
typedef struct tq_mbqm_lane {
    uint32_t multiplier, left, half, right;
} tq_mbqm_lane;

static inline tq_mbqm_lane tq_mbqm_constants(int32_t multiplier, int shift) {
    tq_mbqm_lane c;
    const int e = shift > 0 ? 0 : -shift;
    c.multiplier = (uint32_t)multiplier;
    c.left = 1u << (shift > 0 ? shift : 0);
    c.half = e > 0 ? 1u << (e - 1) : 0u;
    c.right = 1u << (31 - e);
    return c;
}

/* (a * b + c) >> 31 per unsigned lane; the caller keeps it below 2^63 and the result below 2^32. */
static inline __m128i tq_mul_add_shr31_x4(__m128i a, __m128i b, __m128i c) {
    const __m128i low = _mm_set_epi32(0, -1, 0, -1);
    __m128i even = _mm_add_epi64(_mm_mul_epu32(a, b), _mm_and_si128(c, low));
    __m128i odd = _mm_add_epi64(_mm_mul_epu32(_mm_srli_epi64(a, 32), _mm_srli_epi64(b, 32)), _mm_srli_epi64(c, 32));
    even = _mm_and_si128(_mm_srli_epi64(even, 31), low);
    odd = _mm_slli_epi64(_mm_srli_epi64(odd, 31), 32);
    return _mm_or_si128(even, odd);
}

/* Low 32 bits of a * b per lane (two's complement, so signed too). */
static inline __m128i tq_mul_lo_x4(__m128i a, __m128i b) {
    const __m128i even = _mm_mul_epu32(a, b);
    const __m128i odd = _mm_mul_epu32(_mm_srli_epi64(a, 32), _mm_srli_epi64(b, 32));
    return _mm_unpacklo_epi32(_mm_shuffle_epi32(even, _MM_SHUFFLE(0, 0, 2, 0)),
                              _mm_shuffle_epi32(odd, _MM_SHUFFLE(0, 0, 2, 0)));
}

/* tq_mbqm(x, multiplier, shift) on four lanes, constants from tq_mbqm_constants. */
static inline __m128i tq_mbqm_x4(__m128i x, __m128i multiplier, __m128i left, __m128i half, __m128i right) {
    const __m128i y = tq_mul_lo_x4(x, left);
    const __m128i sign = _mm_srai_epi32(y, 31);
    const __m128i magnitude = _mm_sub_epi32(_mm_xor_si128(y, sign), sign);
    const __m128i nudge = _mm_add_epi32(_mm_set1_epi32(1 << 30), sign); /* 2^30 - [y < 0] */
    const __m128i q = tq_mul_add_shr31_x4(magnitude, multiplier, nudge);
    const __m128i r = tq_mul_add_shr31_x4(_mm_add_epi32(q, half), right, _mm_setzero_si128());
    return _mm_sub_epi32(_mm_xor_si128(r, sign), sign);
}

/* tq_mbqm_x4 when every lane's shift is the same e = -shift >= 0 (no left shift): the
 * rounding shift is then one logical shift of the (unsigned) magnitude. `count` holds e
 * in its low 64 bits (_mm_cvtsi32_si128), `half` is 2^(e-1) (0 for e = 0) in every lane. */
static inline __m128i tq_mbqm_x4_right(__m128i x, __m128i multiplier, __m128i half, __m128i count) {
    const __m128i sign = _mm_srai_epi32(x, 31);
    const __m128i magnitude = _mm_sub_epi32(_mm_xor_si128(x, sign), sign);
    const __m128i nudge = _mm_add_epi32(_mm_set1_epi32(1 << 30), sign);
    const __m128i q = tq_mul_add_shr31_x4(magnitude, multiplier, nudge);
    const __m128i r = _mm_srl_epi32(_mm_add_epi32(q, half), count);
    return _mm_sub_epi32(_mm_xor_si128(r, sign), sign);
}

/* tq_mbqm_x4_right when the lanes' shifts are e and e + 1: `count` holds e, `more` is all
 * ones in the lanes shifted by e + 1, `half` is each lane's own 2^(e-1) or 2^e. */
static inline __m128i tq_mbqm_x4_right2(__m128i x, __m128i multiplier, __m128i half, __m128i count, __m128i more) {
    const __m128i sign = _mm_srai_epi32(x, 31);
    const __m128i magnitude = _mm_sub_epi32(_mm_xor_si128(x, sign), sign);
    const __m128i nudge = _mm_add_epi32(_mm_set1_epi32(1 << 30), sign);
    const __m128i q = tq_mul_add_shr31_x4(magnitude, multiplier, nudge);
    __m128i r = _mm_srl_epi32(_mm_add_epi32(q, half), count);
    r = _mm_or_si128(_mm_and_si128(more, _mm_srli_epi32(r, 1)), _mm_andnot_si128(more, r));
    return _mm_sub_epi32(_mm_xor_si128(r, sign), sign);
}

/* Eight int32 lanes (a then b) plus `offset`, clamped to [lo, hi] (int16 lanes, within int8)
 * and stored as eight bytes. Saturating to int16 first does not change a clamp to int8
 * bounds, and SSE2 has 16-bit min/max. */
static inline void tq_store_i8_x8(int8_t *out, __m128i a, __m128i b, __m128i offset, __m128i lo, __m128i hi) {
    __m128i v = _mm_packs_epi32(_mm_add_epi32(a, offset), _mm_add_epi32(b, offset));
    v = _mm_min_epi16(_mm_max_epi16(v, lo), hi);
    _mm_storel_epi64((__m128i *)(void *)out, _mm_packs_epi16(v, v));
}

#endif
#endif /* TINYOPS_FAST_REQUANT_H */
