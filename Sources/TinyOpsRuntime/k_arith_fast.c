/* Host fast path of ADD and MUL (TINYOPS_FAST_KERNELS, runtime_config.h), byte for byte the
 * results of k_arith.c: the output is walked as rows of its innermost dimension, each input
 * either running along the row or broadcast over it, four lanes at a time with SSE2
 * (tq_mbqm_x4, fast_requant.h). Without SSE2 the portable kernel runs. */
#include "fast_avx2.h"
#include "fast_requant.h"
#include "fixedpoint.h"
#include "k_arith.h"

#if TINYOPS_FAST_KERNELS

#if defined(TQ_FAST_SSE2)

/* Broadcast constants of one requantization. */
typedef struct mbqm_x4 {
    __m128i multiplier, left, half, right;
} mbqm_x4;

static mbqm_x4 constants(int32_t multiplier, int32_t shift) {
    const tq_mbqm_lane c = tq_mbqm_constants(multiplier, shift);
    mbqm_x4 k;
    k.multiplier = _mm_set1_epi32((int32_t)c.multiplier);
    k.left = _mm_set1_epi32((int32_t)c.left);
    k.half = _mm_set1_epi32((int32_t)c.half);
    k.right = _mm_set1_epi32((int32_t)c.right);
    return k;
}

static __m128i apply(__m128i v, const mbqm_x4 *k) { return tq_mbqm_x4(v, k->multiplier, k->left, k->half, k->right); }

/* The same when shift <= 0 (count = -shift, half as in tq_mbqm_x4_right). */
static __m128i apply_right(__m128i v, const mbqm_x4 *k, __m128i count) {
    return tq_mbqm_x4_right(v, k->multiplier, k->half, count);
}

/* Four int8 values at p (or p[0] four times when step is 0) as int32 lanes. */
static __m128i load4(const int8_t *p, int32_t step) {
    int32_t word;
    __m128i v;
    if (step == 0) return _mm_set1_epi32(p[0]);
    memcpy(&word, p, 4);
    v = _mm_cvtsi32_si128(word);
    v = _mm_unpacklo_epi8(v, v);
    return _mm_srai_epi32(_mm_unpacklo_epi16(v, v), 24);
}

/* k_arith.c's add_one / mul_one for one element. */
static int32_t one(const arith_record *r, int is_add, int32_t x, int32_t y) {
    int32_t raw;
    if (is_add) {
        const int32_t a = tq_mbqm((x + r->in1_offset) * (1 << ADD_LEFT_SHIFT), r->in1_multiplier, r->in1_shift);
        const int32_t b = tq_mbqm((y + r->in2_offset) * (1 << ADD_LEFT_SHIFT), r->in2_multiplier, r->in2_shift);
        raw = tq_wrap_add(tq_mbqm(tq_wrap_add(a, b), r->multiplier, r->shift), r->output_offset);
    } else {
        raw = tq_wrap_add(tq_mbqm((x + r->in1_offset) * (y + r->in2_offset), r->multiplier, r->shift), r->output_offset);
    }
    return tq_clamp(raw, r->act_min, r->act_max);
}

/* Everything one row needs, set up once per row. */
typedef struct row_constants {
    mbqm_x4 k1, k2, k;
    __m128i o1, o2, c1, c2, c;
    int inputs_right_only, output_right_only;
} row_constants;

/* Four outputs before the output offset: a and b as int32 lanes. */
static __m128i four(const row_constants *q, int is_add, __m128i a, __m128i b) {
    const __m128i x = _mm_add_epi32(a, q->o1), y = _mm_add_epi32(b, q->o2);
    __m128i v;
    if (is_add && q->inputs_right_only) {
        v = _mm_add_epi32(apply_right(_mm_slli_epi32(x, ADD_LEFT_SHIFT), &q->k1, q->c1),
                          apply_right(_mm_slli_epi32(y, ADD_LEFT_SHIFT), &q->k2, q->c2));
    } else if (is_add) {
        v = _mm_add_epi32(apply(_mm_slli_epi32(x, ADD_LEFT_SHIFT), &q->k1), apply(_mm_slli_epi32(y, ADD_LEFT_SHIFT), &q->k2));
    } else {
        v = tq_mul_lo_x4(x, y); /* |x * y| <= 255 * 255 */
    }
    return q->output_right_only ? apply_right(v, &q->k, q->c) : apply(v, &q->k);
}

/* out[i] = a[i * sa] op b[i * sb], i < n; sa, sb are 0 (broadcast) or 1. */
static void row(const arith_record *r, int is_add, const int8_t *a, int32_t sa, const int8_t *b, int32_t sb, int8_t *out,
                int32_t n) {
    row_constants q;
    const __m128i o = _mm_set1_epi32(r->output_offset);
    const __m128i lo = _mm_set1_epi16((int16_t)r->act_min), hi = _mm_set1_epi16((int16_t)r->act_max);
    int32_t i = 0;
    q.k1 = constants(r->in1_multiplier, r->in1_shift);
    q.k2 = constants(r->in2_multiplier, r->in2_shift);
    q.k = constants(r->multiplier, r->shift);
    q.o1 = _mm_set1_epi32(r->in1_offset);
    q.o2 = _mm_set1_epi32(r->in2_offset);
    /* ADD's input multipliers are below 1 (add_common.cc), so their shifts are <= 0 */
    q.inputs_right_only = r->in1_shift <= 0 && r->in2_shift <= 0;
    q.output_right_only = r->shift <= 0;
    q.c1 = _mm_cvtsi32_si128(-r->in1_shift);
    q.c2 = _mm_cvtsi32_si128(-r->in2_shift);
    q.c = _mm_cvtsi32_si128(-r->shift);
    for (; i + 8 <= n; i += 8)
        tq_store_i8_x8(out + i, four(&q, is_add, load4(a + i * sa, sa), load4(b + i * sb, sb)),
                       four(&q, is_add, load4(a + (i + 4) * sa, sa), load4(b + (i + 4) * sb, sb)), o, lo, hi);
    for (; i < n; i++) out[i] = (int8_t)one(r, is_add, a[i * sa], b[i * sb]);
}

/* input 1, input 2 (broadcast to the output) -> output; rows of dims[0] */
int tq_arith_fast(const tq_exec *x, const arith_record *r, int is_add) {
    const int8_t *a = (const int8_t *)tq_in(x, r->in1);
    const int8_t *b = (const int8_t *)tq_in(x, r->in2);
    int8_t *out = (int8_t *)tq_out(x, r->output);
    int32_t index[TINYOPS_MAX_DIMS] = {0, 0, 0, 0, 0, 0};
    int32_t ia = 0, ib = 0, o, d, n;
#if defined(TQ_FAST_AVX2)
    if (tq_avx2_usable() && tq_arith_avx2(x, r, is_add)) return 1;
#endif
    if (!r->broadcast) {
        row(r, is_add, a, 1, b, 1, out, r->count);
        return 1;
    }
    if (r->rank < 1 || r->dims[0] < 1) return 0;
    n = r->dims[0];
    for (o = 0; o < r->count; o += n) {
        row(r, is_add, a + ia, r->strides1[0], b + ib, r->strides2[0], out + o, n);
        for (d = 1; d < r->rank; d++) {
            ia += r->strides1[d];
            ib += r->strides2[d];
            if (++index[d] < r->dims[d]) break;
            ia -= r->strides1[d] * r->dims[d];
            ib -= r->strides2[d] * r->dims[d];
            index[d] = 0;
        }
    }
    return 1;
}

#else
int tq_arith_fast(const tq_exec *x, const arith_record *r, int is_add) {
    (void)x;
    (void)r;
    (void)is_add;
    return 0;
}
#endif

#else
typedef int tq_arith_fast_unused; /* ISO C: a translation unit is not empty */
#endif /* TINYOPS_FAST_KERNELS */
