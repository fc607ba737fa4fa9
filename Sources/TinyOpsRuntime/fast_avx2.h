/* Host fast paths (TINYOPS_FAST_KERNELS) with AVX2, chosen at run time.
 *
 * The C target is built without -mavx2 (SwiftPM passes no such flag, and a binary must run
 * on any x86-64), so the AVX2 functions carry __attribute__((target("avx2"))) and run only
 * when tq_avx2_usable() says the CPU (and the OS) supports AVX2; the SSE2 loops stay the
 * fallback. tq_avx2_usable calls __builtin_cpu_supports each time (it reads the compiler
 * runtime's CPU model, a load and a test): the runtime keeps no global state of its own.
 * -DTINYOPS_NO_AVX2 leaves the AVX2 paths out (RuntimeFastPathTests builds the SSE2 fallback
 * that way and compares the bytes). GCC and Clang on x86-64 only. */
#ifndef TINYOPS_FAST_AVX2_H
#define TINYOPS_FAST_AVX2_H

#include "fast_requant.h"

#if defined(TQ_FAST_SSE2) && !defined(TINYOPS_NO_AVX2) && defined(__x86_64__) && \
    (defined(__GNUC__) || defined(__clang__))
#define TQ_FAST_AVX2 1
#include <immintrin.h>
#include <stdint.h>

#include "k_arith.h"
#include "k_conv.h"

#define TQ_AVX2_FN __attribute__((target("avx2")))

static inline int tq_avx2_usable(void) { return __builtin_cpu_supports("avx2"); }

/* AVX-512 VNNI on 256-bit vectors (vpdpbusd): Ice Lake and later, Zen 4 and later.
 * -DTINYOPS_NO_VNNI leaves it out (the AVX2 path then runs). */
#if !defined(TINYOPS_NO_VNNI)
#define TQ_FAST_VNNI 1
#define TQ_VNNI_FN __attribute__((target("avx2,avx512f,avx512vl,avx512vnni")))
static inline int tq_vnni_usable(void) {
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512vnni");
}
#endif

/* tq_mbqm on eight lanes (see fast_requant.h for why each step is exact); per-lane
 * left = max(shift, 0), right = max(-shift, 0), half = right ? 2^(right-1) : 0. */
static inline TQ_AVX2_FN __m256i tq_mbqm_x8(__m256i x, __m256i multiplier, __m256i left, __m256i half, __m256i right) {
    const __m256i y = _mm256_sllv_epi32(x, left);
    const __m256i sign = _mm256_srai_epi32(y, 31);
    const __m256i magnitude = _mm256_abs_epi32(y); /* INT32_MIN: 2^31 as unsigned, as wanted */
    const __m256i nudge = _mm256_add_epi32(_mm256_set1_epi32(1 << 30), sign); /* 2^30 - [y < 0] */
    const __m256i low = _mm256_set1_epi64x(0xffffffff);
    const __m256i even = _mm256_add_epi64(_mm256_mul_epu32(magnitude, multiplier), _mm256_and_si256(nudge, low));
    const __m256i odd = _mm256_add_epi64(
        _mm256_mul_epu32(_mm256_srli_epi64(magnitude, 32), _mm256_srli_epi64(multiplier, 32)),
        _mm256_srli_epi64(nudge, 32));
    /* (even >> 31) in the low halves, (odd >> 31) in the high halves; both below 2^32 */
    const __m256i q = _mm256_blend_epi32(_mm256_srli_epi64(even, 31), _mm256_slli_epi64(odd, 1), 0xaa);
    const __m256i r = _mm256_srlv_epi32(_mm256_add_epi32(q, half), right);
    return _mm256_sign_epi32(r, y); /* -r where y < 0; y = 0 gives r = 0 either way */
}

/* CONV_2D, DEPTHWISE_CONV_2D, ADD and MUL with AVX2: 0 (nothing written) for shapes they do not take. */
int tq_conv_avx2(const tq_exec *x, const conv_record *r);
int tq_depthwise_avx2(const tq_exec *x, const conv_record *r);
#if defined(TQ_FAST_VNNI)
int tq_conv_vnni(const tq_exec *x, const conv_record *r);
#endif
int tq_arith_avx2(const tq_exec *x, const arith_record *r, int is_add);

#endif

#endif /* TINYOPS_FAST_AVX2_H */
