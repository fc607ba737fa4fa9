/* ADD and MUL with AVX2 (fast_avx2.h), byte for byte the results of k_arith.c: as
 * k_arith_fast.c (rows of the innermost dimension, each input running along the row or
 * broadcast over it), eight lanes at a time; a row's last values (fewer than eight) go
 * through the same lanes from a small zero-padded copy, not one by one. */
#include <string.h>

#include "fast_avx2.h"

#if defined(TQ_FAST_AVX2)

/* One requantization's constants, broadcast (tq_requant_x8; one multiplier, so it serves
 * the odd lanes too). `low` and `high` split the multiplier for rescale_input. */
typedef struct mbqm_x8 {
    __m256i multiplier, half, right, low, high;
    __m128i left;
} mbqm_x8;

static TQ_AVX2_FN mbqm_x8 constants(int32_t multiplier, int32_t shift) {
    const int32_t e = shift > 0 ? 0 : -shift;
    mbqm_x8 k;
    k.multiplier = _mm256_set1_epi32(multiplier);
    k.left = _mm_cvtsi32_si128(shift > 0 ? shift : 0);
    k.half = _mm256_set1_epi32(e > 0 ? (int32_t)(1u << (e - 1)) : 0);
    k.right = _mm256_set1_epi32(e);
    k.low = _mm256_set1_epi32(multiplier & 0x7ff);
    k.high = _mm256_set1_epi32(multiplier >> 11);
    return k;
}

typedef struct row_constants {
    mbqm_x8 k1, k2, k;
    __m256i o1, o2, o, lo, hi;
    int inputs_right; /* both input shifts <= 0: rescale_input applies */
} row_constants;

static inline TQ_AVX2_FN __m256i apply(__m256i v, const mbqm_x8 *k) {
    return tq_requant_x8(_mm256_sll_epi32(v, k->left), k->multiplier, k->multiplier, k->half, k->right);
}

/* tq_mbqm(v * 2^20, m, shift) for |v| <= 255 and shift <= 0, in 32-bit lanes:
 * SaturatingRoundingDoublingHighMul(v * 2^20, m) = floor((v * m + 2^10) / 2^11), and with
 * m = high * 2^11 + low (0 <= low < 2^11) that is v * high + floor((v * low + 2^10) / 2^11),
 * where |v * high| < 2^28 and |v * low| < 2^19. vpmaddwd takes v * low from the lane's low
 * int16 (v itself, its high half is v's sign times a zero). Then RoundingDivideByPOT as in
 * tq_requant_x8. */
static inline TQ_AVX2_FN __m256i rescale_input(__m256i v, const mbqm_x8 *k) {
    const __m256i product = _mm256_add_epi32(_mm256_madd_epi16(v, k->low), _mm256_set1_epi32(1 << 10));
    const __m256i q = _mm256_add_epi32(_mm256_mullo_epi32(v, k->high), _mm256_srai_epi32(product, 11));
    const __m256i r = _mm256_srlv_epi32(_mm256_add_epi32(_mm256_abs_epi32(q), k->half), k->right);
    return _mm256_sign_epi32(r, q);
}

/* Eight outputs from eight int8 values of each input (as int32 lanes), as k_arith.c's
 * add_one / mul_one give them, stored as eight bytes. */
static inline TQ_AVX2_FN void eight(const row_constants *q, int is_add, __m256i a, __m256i b, int8_t *out) {
    const __m256i x = _mm256_add_epi32(a, q->o1), y = _mm256_add_epi32(b, q->o2);
    __m256i v;
    __m128i w;
    if (is_add && q->inputs_right) {
        v = _mm256_add_epi32(rescale_input(x, &q->k1), rescale_input(y, &q->k2));
    } else if (is_add) {
        v = _mm256_add_epi32(apply(_mm256_slli_epi32(x, ADD_LEFT_SHIFT), &q->k1),
                             apply(_mm256_slli_epi32(y, ADD_LEFT_SHIFT), &q->k2));
    } else {
        v = _mm256_mullo_epi32(x, y); /* |x * y| <= 255 * 255 */
    }
    v = _mm256_add_epi32(apply(v, &q->k), q->o);
    v = _mm256_min_epi32(_mm256_max_epi32(v, q->lo), q->hi);
    w = _mm_packs_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
    _mm_storel_epi64((__m128i *)(void *)out, _mm_packs_epi16(w, w));
}

/* Eight int8 values at p (p[0] eight times when step is 0) as int32 lanes. */
static inline TQ_AVX2_FN __m256i load8(const int8_t *p, int32_t step) {
    if (step == 0) return _mm256_set1_epi32(p[0]);
    return _mm256_cvtepi8_epi32(_mm_loadl_epi64((const __m128i *)(const void *)p));
}

/* The tensors' ends: eight bytes are loaded (stored) at once where they lie inside them; a
 * store's extra bytes are rewritten by the next row, written after this one. */
typedef struct row_bounds {
    const int8_t *a_end, *b_end, *out_end;
} row_bounds;

/* out[i] = a[i * sa] op b[i * sb], i < n; sa, sb are 0 (broadcast) or 1. */
static TQ_AVX2_FN void row(const row_constants *q, const row_bounds *e, int is_add, const int8_t *a, int32_t sa,
                           const int8_t *b, int32_t sb, int8_t *out, int32_t n) {
    int32_t i = 0;
    for (; i + 8 <= n; i += 8) eight(q, is_add, load8(a + i * sa, sa), load8(b + i * sb, sb), out + i);
    if (i < n) {
        int8_t ta[8] = {0, 0, 0, 0, 0, 0, 0, 0}, tb[8] = {0, 0, 0, 0, 0, 0, 0, 0}, to[8];
        const int8_t *pa = a + i * sa, *pb = b + i * sb;
        if (sa && pa + 8 > e->a_end) pa = (const int8_t *)memcpy(ta, pa, (size_t)(n - i));
        if (sb && pb + 8 > e->b_end) pb = (const int8_t *)memcpy(tb, pb, (size_t)(n - i));
        if (out + i + 8 <= e->out_end) {
            eight(q, is_add, load8(pa, sa), load8(pb, sb), out + i);
        } else {
            eight(q, is_add, load8(pa, sa), load8(pb, sb), to);
            memcpy(out + i, to, (size_t)(n - i));
        }
    }
}

/* Elements of an input: one past its last offset, from the broadcast strides. */
static int32_t input_count(const int32_t *dims, const int32_t *strides, int32_t rank, int32_t broadcast, int32_t count) {
    int32_t d, last = 0;
    if (!broadcast) return count;
    for (d = 0; d < rank; d++) last += strides[d] * (dims[d] - 1);
    return last + 1;
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
    q.o = _mm256_set1_epi32(r->output_offset);
    q.lo = _mm256_set1_epi32(r->act_min);
    q.hi = _mm256_set1_epi32(r->act_max);
    q.inputs_right = r->in1_shift <= 0 && r->in2_shift <= 0;
    e.out_end = out + r->count;
    e.a_end = a + input_count(r->dims, r->strides1, r->rank, r->broadcast, r->count);
    e.b_end = b + input_count(r->dims, r->strides2, r->rank, r->broadcast, r->count);
    if (!r->broadcast) {
        row(&q, &e, is_add, a, 1, b, 1, out, r->count);
        return 1;
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
