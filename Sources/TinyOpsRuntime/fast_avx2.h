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

/* AVX-512 (512-bit vpdpbusd, two output pixels per register) for CONV_2D: k_conv_avx512.c.
 * -DTINYOPS_NO_AVX512 leaves it out (the 256-bit VNNI path then runs). */
#if defined(TQ_FAST_VNNI) && !defined(TINYOPS_NO_AVX512)
#define TQ_FAST_AVX512 1
#define TQ_AVX512_FN __attribute__((target("avx2,avx512f,avx512bw,avx512vl,avx512vnni")))
static inline int tq_avx512_usable(void) {
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
           __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512vnni");
}
#endif

/* tq_mbqm on eight lanes, for y = x * 2^left already shifted (the caller
 * skips the shift when no lane has one). With p = y * m exact in 64 bits (m in [0, 2^31)):
 *   SaturatingRoundingDoublingHighMul(y, m) = floor((p + 2^30) / 2^31)   (= q)
 * (gemmlowp's nudge and truncating division round half up on both signs, and the saturating
 * case needs m = INT32_MIN), and q lies in (-2^31, 2^31). vpmuldq gives p for the even lanes
 * and, from the odd lanes moved down, for the odd ones; bits 31..62 of p + 2^30 are q in
 * two's complement whatever its sign, so logical shifts place them. Then
 *   RoundingDivideByPOT(q, e) = sign(q) * ((|q| + half) >> e),  half = e ? 2^(e-1) : 0,
 * in unsigned lanes (|q| + half < 2^32). `m_odd` is each odd lane's multiplier moved to the
 * low half of its 64-bit lane (the same vector as `m` when every lane has one multiplier). */
static inline TQ_AVX2_FN __m256i tq_requant_x8(__m256i y, __m256i m, __m256i m_odd, __m256i half, __m256i right) {
    const __m256i round = _mm256_set1_epi64x((int64_t)1 << 30);
    const __m256i even = _mm256_add_epi64(_mm256_mul_epi32(y, m), round);
    const __m256i odd = _mm256_add_epi64(_mm256_mul_epi32(_mm256_srli_epi64(y, 32), m_odd), round);
    const __m256i q = _mm256_blend_epi32(_mm256_srli_epi64(even, 31), _mm256_slli_epi64(odd, 1), 0xaa);
    const __m256i r = _mm256_srlv_epi32(_mm256_add_epi32(_mm256_abs_epi32(q), half), right);
    return _mm256_sign_epi32(r, q);
}

/* CONV_2D, DEPTHWISE_CONV_2D, ADD and MUL with AVX2: 0 (nothing written) for shapes they do not take. */
int tq_conv_avx2(const tq_exec *x, const conv_record *r);
int tq_depthwise_avx2(const tq_exec *x, const conv_record *r);
#if defined(TQ_FAST_VNNI)
int tq_conv_vnni(const tq_exec *x, const conv_record *r);
#endif
#if defined(TQ_FAST_AVX512)
int tq_conv_avx512(const tq_exec *x, const conv_record *r);
#endif
int tq_arith_avx2(const tq_exec *x, const arith_record *r, int is_add);

#endif

#endif /* TINYOPS_FAST_AVX2_H */
