/* ADD and MUL with AVX2 (fast_avx2.h), byte for byte the results of k_arith.c: as
 * k_arith_fast.c (rows of the innermost dimension, each input running along the row or
 * broadcast over it), eight lanes at a time and sixteen bytes per store; a row's last values
 * (fewer than sixteen) go through the same lanes (from a small zero-padded copy where eight
 * bytes would run past an input's end), not one by one. ADD rescales its int8 inputs in 32-bit lanes
 * (rescale_input), one requantization in three. */
#include <string.h>

#include "fast_avx2.h"

#if defined(TQ_FAST_AVX2)

/* Inlined whatever the compiler's estimate: GCC 12 kept eight() out of line, reloading the
 * constants on every call; inlined into row_add / row_mul, is_add is a constant too. */
#define TQ_AVX2_INLINE static inline __attribute__((always_inline)) TQ_AVX2_FN

/* One requantization's constants, broadcast (tq_requant_x8; one multiplier, so it serves
 * the odd lanes too), and for rescale_input: the multiplier split into `low` and `high`,
 * `rounding` = 2^10 + half * 2^11, `negative` = 0 if e > 0 else INT32_MIN. */
typedef struct mbqm_x8 {
    __m256i multiplier, half, right, low, high, rounding, negative;
    __m128i left, count;
    int any_left;
} mbqm_x8;

static TQ_AVX2_FN mbqm_x8 constants(int32_t multiplier, int32_t shift) {
    const int32_t e = shift > 0 ? 0 : -shift;
    const int32_t half = e > 0 ? (int32_t)(1u << (e - 1)) : 0;
    mbqm_x8 k;
    k.multiplier = _mm256_set1_epi32(multiplier);
    k.any_left = shift > 0;
    k.left = _mm_cvtsi32_si128(shift > 0 ? shift : 0);
    k.count = _mm_cvtsi32_si128(e);
    k.half = _mm256_set1_epi32(half);
    k.right = _mm256_set1_epi32(e);
    k.low = _mm256_set1_epi32(multiplier & 0x7ff);
    k.high = _mm256_set1_epi32(multiplier >> 11);
    k.rounding = _mm256_set1_epi32(e <= 20 ? (1 << 10) + half * (1 << 11) : 0);
    k.negative = _mm256_set1_epi32(e > 0 ? 0 : INT32_MIN);
    return k;
}

typedef struct row_constants {
    mbqm_x8 k1, k2, k;
    __m256i o1, o2;
    __m128i o, lo, hi; /* the output offset as int16 lanes, the clamp as int8 lanes */
    int inputs_right;  /* both input shifts in [-20, 0]: rescale_input applies */
} row_constants;

TQ_AVX2_INLINE __m256i apply(__m256i v, const mbqm_x8 *k) {
    if (k->any_left) v = _mm256_sll_epi32(v, k->left);
    return tq_requant_x8(v, k->multiplier, k->multiplier, k->half, k->right);
}

/* tq_mbqm(v * 2^20, m, shift) for |v| <= 255 and -20 <= shift <= 0, in 32-bit lanes:
 * SaturatingRoundingDoublingHighMul(v * 2^20, m) = floor((v * m + 2^10) / 2^11) (= q; see
 * tq_requant_x8), and with m = high * 2^11 + low (0 <= low < 2^11) that is
 * v * high + floor((v * low + 2^10) / 2^11), where |v * high| < 2^28 and |v * low| < 2^19.
 * vpmaddwd takes v * low from the lane's low int16 (v itself; its high half is v's sign, times
 * a zero). RoundingDivideByPOT(q, e) = (q + half - [q < 0]) >> e for e > 0 (arithmetic; ties
 * away from zero), and q itself for e = 0. q < 0 only where v < 0, and where v < 0 but q = 0
 * both roundings give 0, so [v < 0] serves; half * 2^11 joins the 2^10 inside the floor
 * (below 2^31 with e <= 20). */
TQ_AVX2_INLINE __m256i rescale_input(__m256i v, const mbqm_x8 *k) {
    const __m256i product = _mm256_add_epi32(_mm256_madd_epi16(v, k->low), k->rounding);
    const __m256i q = _mm256_add_epi32(_mm256_mullo_epi32(v, k->high), _mm256_srai_epi32(product, 11));
    return _mm256_sra_epi32(_mm256_add_epi32(q, _mm256_cmpgt_epi32(k->negative, v)), k->count);
}

/* Eight results from eight int8 values of each input (as int32 lanes), as k_arith.c's
 * add_one / mul_one compute them before the output offset and the clamp. */
TQ_AVX2_INLINE __m256i eight(const row_constants *q, int is_add, __m256i a, __m256i b) {
    const __m256i x = _mm256_add_epi32(a, q->o1), y = _mm256_add_epi32(b, q->o2);
    __m256i v;
    if (is_add && q->inputs_right) {
        v = _mm256_add_epi32(rescale_input(x, &q->k1), rescale_input(y, &q->k2));
    } else if (is_add) {
        v = _mm256_add_epi32(apply(_mm256_slli_epi32(x, ADD_LEFT_SHIFT), &q->k1),
                             apply(_mm256_slli_epi32(y, ADD_LEFT_SHIFT), &q->k2));
    } else {
        v = _mm256_mullo_epi32(x, y); /* |x * y| <= 255 * 255 */
    }
    return apply(v, &q->k);
}

/* Sixteen results (v then w) plus the output offset, clamped, as sixteen bytes: packed to
 * int16 with saturation, the offset added with saturation, packed to int8, clamped. TFLM
 * adds in int32 and clamps within int8; a value outside int16 stays past the int8 range
 * through the saturating steps, so the bytes are the same. */
TQ_AVX2_INLINE __m128i bytes16(const row_constants *q, __m256i v, __m256i w) {
    /* 64-bit chunks: v 0-3, w 0-3, v 4-7, w 4-7 -> v 0-3, v 4-7, w 0-3, w 4-7 */
    const __m256i p = _mm256_permute4x64_epi64(_mm256_packs_epi32(v, w), 0xd8);
    const __m128i b = _mm_packs_epi16(_mm_adds_epi16(_mm256_castsi256_si128(p), q->o),
                                      _mm_adds_epi16(_mm256_extracti128_si256(p, 1), q->o));
    return _mm_min_epi8(_mm_max_epi8(b, q->lo), q->hi);
}

/* Eight int8 values at p (p[0] eight times when step is 0) as int32 lanes. */
TQ_AVX2_INLINE __m256i load8(const int8_t *p, int32_t step) {
    if (step == 0) return _mm256_set1_epi32(p[0]);
    return _mm256_cvtepi8_epi32(_mm_loadl_epi64((const __m128i *)(const void *)p));
}

/* The tensors' ends: eight bytes are loaded (sixteen stored) at once where they lie inside
 * them; a store's extra bytes are rewritten by the next row, written after this one. */
typedef struct row_bounds {
    const int8_t *a_end, *b_end, *out_end;
} row_bounds;

/* load8 of the k (<= 8) values at p, from a zero-padded copy in `copy` when eight bytes
 * would run past `end`. */
TQ_AVX2_INLINE __m256i load_tail(const int8_t *p, int32_t step, int32_t k, const int8_t *end, int8_t *copy) {
    if (step && p + 8 > end) {
        memset(copy, 0, 8);
        p = (const int8_t *)memcpy(copy, p, (size_t)k);
    }
    return load8(p, step);
}

/* out[i] = a[i * sa] op b[i * sb], i < n; sa, sb are 0 (broadcast) or 1. */
TQ_AVX2_INLINE void row_of(const row_constants *q, const row_bounds *e, int is_add, const int8_t *a, int32_t sa,
                            const int8_t *b, int32_t sb, int8_t *out, int32_t n) {
    int32_t i = 0;
    for (; i + 16 <= n; i += 16) {
        const __m256i v = eight(q, is_add, load8(a + i * sa, sa), load8(b + i * sb, sb));
        const __m256i w = eight(q, is_add, load8(a + (i + 8) * sa, sa), load8(b + (i + 8) * sb, sb));
        _mm_storeu_si128((__m128i *)(void *)(out + i), bytes16(q, v, w));
    }
    if (i < n) { /* 1 to 15 values left */
        int8_t ta[8], tb[8], to[16];
        const int32_t m = n - i, k = m < 8 ? m : 8;
        const __m256i v = eight(q, is_add, load_tail(a + i * sa, sa, k, e->a_end, ta),
                                load_tail(b + i * sb, sb, k, e->b_end, tb));
        const __m256i w = m <= 8 ? v
                                 : eight(q, is_add, load_tail(a + (i + 8) * sa, sa, m - 8, e->a_end, ta),
                                         load_tail(b + (i + 8) * sb, sb, m - 8, e->b_end, tb));
        if (out + i + 16 <= e->out_end) {
            _mm_storeu_si128((__m128i *)(void *)(out + i), bytes16(q, v, w));
        } else {
            _mm_storeu_si128((__m128i *)(void *)to, bytes16(q, v, w));
            memcpy(out + i, to, (size_t)m);
        }
    }
}

static TQ_AVX2_FN void row_add(const row_constants *q, const row_bounds *e, const int8_t *a, int32_t sa, const int8_t *b,
                               int32_t sb, int8_t *out, int32_t n) {
    row_of(q, e, 1, a, sa, b, sb, out, n);
}

static TQ_AVX2_FN void row_mul(const row_constants *q, const row_bounds *e, const int8_t *a, int32_t sa, const int8_t *b,
                               int32_t sb, int8_t *out, int32_t n) {
    row_of(q, e, 0, a, sa, b, sb, out, n);
}

static TQ_AVX2_FN void row(const row_constants *q, const row_bounds *e, int is_add, const int8_t *a, int32_t sa,
                           const int8_t *b, int32_t sb, int8_t *out, int32_t n) {
    if (is_add) row_add(q, e, a, sa, b, sb, out, n);
    else row_mul(q, e, a, sa, b, sb, out, n);
}

/* Elements of an input: one past its last offset, from the broadcast strides. */
static int32_t input_count(const int32_t *dims, const int32_t *strides, int32_t rank, int32_t broadcast, int32_t count) {
    int32_t d, last = 0;
    if (!broadcast) return count;
    for (d = 0; d < rank; d++) last += strides[d] * (dims[d] - 1);
    return last + 1;
}

/* An input's period when it repeats along the output in memory order: its strides are the
 * contiguous ones up to some axis and 0 from there on (axes of size 1 aside), so element j of
 * the output reads element j % period. 0 where it is not so. */
static int32_t period(const int32_t *dims, const int32_t *strides, int32_t rank) {
    int32_t d, p = 1, broadcast = 0;
    for (d = 0; d < rank; d++) {
        if (dims[d] == 1) continue;
        if (strides[d] == 0) {
            broadcast = 1;
        } else {
            if (broadcast || strides[d] != p) return 0;
            p *= dims[d];
        }
    }
    return p;
}

enum { REPEAT_BYTES = 256 }; /* the stack copy of a repeating input */

/* One input running along the whole output (`full`), the other repeating with period `p`
 * below the output's size (the MUL of a [1, 8, 8, 12] image by a [1, 1, 1, 12] vector): the
 * repeating input is copied on the stack several periods long (a multiple of 16 bytes where
 * one fits), so the output goes in long rows instead of one short row per period. */
static TQ_AVX2_FN void repeated(const row_constants *q, const row_bounds *e, int is_add, const int8_t *full,
                                const int8_t *rep, int32_t p, int full_first, int8_t *out, int32_t count) {
    int8_t copy[REPEAT_BYTES];
    int32_t length = p, i, o;
    row_bounds b = *e;
    while (length % 16 != 0 && length + p <= REPEAT_BYTES) length += p;
    length *= (REPEAT_BYTES / length);
    for (i = 0; i < length; i += p) memcpy(copy + i, rep, (size_t)p);
    if (full_first) b.b_end = copy + length; else b.a_end = copy + length;
    for (o = 0; o < count; o += length) {
        const int32_t n = count - o < length ? count - o : length;
        if (full_first) row(q, &b, is_add, full + o, 1, copy, 1, out + o, n);
        else row(q, &b, is_add, copy, 1, full + o, 1, out + o, n);
    }
}

TQ_AVX2_FN int tq_arith_avx2(const tq_exec *x, const arith_record *r, int is_add) {
    const int8_t *a = (const int8_t *)tq_in(x, r->in1);
    const int8_t *b = (const int8_t *)tq_in(x, r->in2);
    int8_t *out = (int8_t *)tq_out(x, r->output);
    int32_t index[TINYOPS_MAX_DIMS] = {0, 0, 0, 0, 0, 0};
    int32_t ia = 0, ib = 0, o, d, n;
    row_constants q;
    row_bounds e;
    if (r->broadcast && (r->rank < 1 || r->dims[0] < 1)) return 0;
    q.k1 = constants(r->in1_multiplier, r->in1_shift);
    q.k2 = constants(r->in2_multiplier, r->in2_shift);
    q.k = constants(r->multiplier, r->shift);
    q.o1 = _mm256_set1_epi32(r->in1_offset);
    q.o2 = _mm256_set1_epi32(r->in2_offset);
    q.o = _mm_set1_epi16((int16_t)r->output_offset);
    q.lo = _mm_set1_epi8((char)r->act_min);
    q.hi = _mm_set1_epi8((char)r->act_max);
    q.inputs_right = r->in1_shift <= 0 && r->in2_shift <= 0 && r->in1_shift >= -20 && r->in2_shift >= -20;
    e.out_end = out + r->count;
    e.a_end = a + input_count(r->dims, r->strides1, r->rank, r->broadcast, r->count);
    e.b_end = b + input_count(r->dims, r->strides2, r->rank, r->broadcast, r->count);
    if (!r->broadcast) {
        row(&q, &e, is_add, a, 1, b, 1, out, r->count);
        return 1;
    }
    {
        const int32_t pa = period(r->dims, r->strides1, r->rank), pb = period(r->dims, r->strides2, r->rank);
        if (pa == r->count && pb > 0 && pb <= REPEAT_BYTES / 2 && pb < r->count) {
            repeated(&q, &e, is_add, a, b, pb, 1, out, r->count);
            return 1;
        }
        if (pb == r->count && pa > 0 && pa <= REPEAT_BYTES / 2 && pa < r->count) {
            repeated(&q, &e, is_add, b, a, pa, 0, out, r->count);
            return 1;
        }
    }
    n = r->dims[0];
    for (o = 0; o < r->count; o += n) {
        row(&q, &e, is_add, a + ia, r->strides1[0], b + ib, r->strides2[0], out + o, n);
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
typedef int tq_arith_avx2_unused; /* ISO C: a translation unit is not empty */
#endif /* TQ_FAST_AVX2 */
