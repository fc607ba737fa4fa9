/* CONV_2D with 512-bit vpdpbusd (AVX-512 F, BW, VNNI), byte for byte the reference loops of
 * k_conv.c: two output pixels per register, for blocks of eight output channels.
 *
 * As in tq_conv_vnni (k_conv_avx2.c), the padded image holds u = x + 128 (128 - input_offset
 * over the border) and (input_offset - 128) * sum(w) is folded into the bias. Here a second
 * copy of the image pairs every four bytes with the four bytes one output pixel (stride_w *
 * in_c bytes) further on, as one 64-bit value; broadcast to the eight 64-bit lanes, it puts
 * pixel A's quad in the even 32-bit lanes and pixel B's in the odd ones, and the filters are
 * laid out with channel k's quad in lanes 2k and 2k + 1. One vpdpbusd then adds four taps of
 * eight channels for two pixels, and the two pixels' sums are requantized together (sixteen
 * lanes, one multiplier per lane pair), clamped, narrowed with vpmovdb and reordered to the
 * two pixels' channels with one byte shuffle. A row's pixel pairs run up to eight at once:
 * eight independent vpdpbusd chains. Integer sums in another order: TFLM's int32 sums; the
 * requantization is tq_requant_x8's on sixteen lanes. Stack buffers (about 21 KB); shapes
 * that do not fit them, or whose pixel step or image row is not a multiple of four bytes,
 * return 0 and keep the 256-bit paths. */
#include <string.h>

#include "fast_avx2.h"

#if defined(TQ_FAST_AVX512)

enum {
    Z_IMAGE = 4096,            /* bytes of the padded image (one batch) */
    Z_SLACK = 200,             /* past the image: the pair copy's reads (step + 68 bytes) */
    Z_PAIRS = Z_IMAGE / 4 + 9, /* 64-bit pair values: the image's, 2 more, rounded up to 8 */
    Z_WEIGHTS = 4096,          /* bytes of the laid-out filters */
    Z_BLOCKS = 8               /* output channels up to 64 */
};

/* One block of eight output channels as sixteen lanes (channel k in lanes 2k and 2k + 1). */
typedef struct z_block {
    __m512i bias, multiplier, half, right, left, lo, hi;
} z_block;

typedef struct z_conv {
    z_block block[Z_BLOCKS];
    __m512i offset;
    __m128i order; /* bytes 0, 2, ..., 14 (pixel A), then 1, 3, ..., 15 (pixel B) */
    int32_t any_left;
} z_conv;

#define LOAD16(p) _mm512_loadu_si512((const void *)(p))

/* acc + the four products of u's unsigned bytes by w's signed bytes per lane. GCC 12 copies
 * the accumulator around _mm512_dpbusd_epi32 in a loop; the instruction written out updates
 * it in place (as dpbusd in k_conv_avx2.c). */
static inline TQ_AVX512_FN __m512i dpbusd16(__m512i acc, __m512i u, __m512i w) {
#if defined(__GNUC__) && !defined(__clang__)
    __asm__("vpdpbusd %2, %1, %0" : "+v"(acc) : "v"(u), "vm"(w));
    return acc;
#else
    return _mm512_dpbusd_epi32(acc, u, w);
#endif
}

/* Eight int32 lanes spread to sixteen: lane k to lanes 2k and 2k + 1. */
static inline TQ_AVX512_FN __m512i spread(__m256i v) {
    const __m512i twice = _mm512_setr_epi32(0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7);
    return _mm512_permutexvar_epi32(twice, _mm512_castsi256_si512(v));
}

/* tq_requant_x8 (fast_avx2.h) on sixteen lanes; both lanes of a 64-bit pair share their
 * multiplier, so the even lanes' vector serves the odd ones. */
static inline TQ_AVX512_FN __m512i requant16(const z_conv *z, const z_block *k, __m512i y) {
    const __m512i round = _mm512_set1_epi64((int64_t)1 << 30);
    __m512i even, odd, q, r;
    if (z->any_left) y = _mm512_sllv_epi32(y, k->left);
    even = _mm512_add_epi64(_mm512_mul_epi32(y, k->multiplier), round);
    odd = _mm512_add_epi64(_mm512_mul_epi32(_mm512_srli_epi64(y, 32), k->multiplier), round);
    q = _mm512_mask_blend_epi32((__mmask16)0xaaaa, _mm512_srli_epi64(even, 31), _mm512_slli_epi64(odd, 1));
    r = _mm512_srlv_epi32(_mm512_add_epi32(_mm512_abs_epi32(q), k->half), k->right);
    /* sign(q) * r: r is 0 where q is */
    return _mm512_mask_sub_epi32(r, _mm512_cmplt_epi32_mask(q, _mm512_setzero_si512()), _mm512_setzero_si512(), r);
}

/* Pixels A and B's channels [c, c + n) from one accumulator: requantized, clamped to
 * [lo - offset, hi - offset] and offset (TFLM's offset then clamp, without its int32 add
 * overflowing), narrowed and stored; B only if `two`. */
static inline TQ_AVX512_FN void store_pair(const z_conv *z, const z_block *k, __m512i acc, int32_t n, int32_t two,
                                           int32_t out_c, int8_t *out) {
    __m512i v = _mm512_min_epi32(_mm512_max_epi32(requant16(z, k, acc), k->lo), k->hi);
    const __m128i bytes = _mm_shuffle_epi8(_mm512_cvtepi32_epi8(_mm512_add_epi32(v, z->offset)), z->order);
    if (two && n == 8 && out_c == 8) {
        _mm_storeu_si128((__m128i *)(void *)out, bytes);
    } else {
        const __mmask16 first = (__mmask16)((1u << n) - 1);
        _mm_mask_storeu_epi8(out, first, bytes);
        if (two) _mm_mask_storeu_epi8(out + out_c, first, _mm_srli_si128(bytes, 8));
    }
}

/* `np` (1..8, a constant where inlined) pixel pairs from `s` (the pair copy at pixel A of the
 * first pair, window row 0), pairs `pair` values apart, rows `row` values apart; `last_two`:
 * whether the last pair's pixel B is in the row. */
static inline __attribute__((always_inline)) TQ_AVX512_FN void pairs(const z_conv *z, const z_block *k,
                                                                     const int8_t *w, const uint64_t *s, int32_t k_h,
                                                                     int32_t quads, int32_t row, int32_t pair,
                                                                     int32_t np, int32_t n, int32_t last_two,
                                                                     int32_t out_c, int8_t *out) {
    __m512i a0 = k->bias, a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
    int32_t ky, p;
    for (ky = 0; ky < k_h; ky++, s += row) {
        const uint64_t *t = s;
        for (p = 0; p < quads; p++, t++, w += 64) {
            const __m512i f = LOAD16(w);
            a0 = dpbusd16(a0, _mm512_set1_epi64((int64_t)t[0]), f);
            if (np > 1) a1 = dpbusd16(a1, _mm512_set1_epi64((int64_t)t[pair]), f);
            if (np > 2) a2 = dpbusd16(a2, _mm512_set1_epi64((int64_t)t[2 * pair]), f);
            if (np > 3) a3 = dpbusd16(a3, _mm512_set1_epi64((int64_t)t[3 * pair]), f);
            if (np > 4) a4 = dpbusd16(a4, _mm512_set1_epi64((int64_t)t[4 * pair]), f);
            if (np > 5) a5 = dpbusd16(a5, _mm512_set1_epi64((int64_t)t[5 * pair]), f);
            if (np > 6) a6 = dpbusd16(a6, _mm512_set1_epi64((int64_t)t[6 * pair]), f);
            if (np > 7) a7 = dpbusd16(a7, _mm512_set1_epi64((int64_t)t[7 * pair]), f);
        }
    }
    store_pair(z, k, a0, n, np > 1 || last_two, out_c, out);
    if (np > 1) store_pair(z, k, a1, n, np > 2 || last_two, out_c, out + 2 * out_c);
    if (np > 2) store_pair(z, k, a2, n, np > 3 || last_two, out_c, out + 4 * out_c);
    if (np > 3) store_pair(z, k, a3, n, np > 4 || last_two, out_c, out + 6 * out_c);
    if (np > 4) store_pair(z, k, a4, n, np > 5 || last_two, out_c, out + 8 * out_c);
    if (np > 5) store_pair(z, k, a5, n, np > 6 || last_two, out_c, out + 10 * out_c);
    if (np > 6) store_pair(z, k, a6, n, np > 7 || last_two, out_c, out + 12 * out_c);
    if (np > 7) store_pair(z, k, a7, n, last_two, out_c, out + 14 * out_c);
}

/* The requantization constants and the laid-out filters of every block; the bias includes
 * (input_offset - 128) * sum(w). weights[((blk * k_h + ky) * quads + p) * 64 + 8 * l + 4 * i + j]
 * = w[8 blk + l][ky][4 p + j] for i = 0, 1, 0 past the row and past the last filter. */
static TQ_AVX512_FN void z_setup(z_conv *z, int8_t *weights, const tq_exec *x, const conv_record *r, int32_t quads) {
    const int32_t *bias = r->bias == TQ_REF_NONE ? NULL : (const int32_t *)tq_in(x, r->bias);
    const int32_t *multipliers = (const int32_t *)(const void *)(r + 1);
    const int8_t *shifts = (const int8_t *)(multipliers + r->out_c);
    const int8_t *filter = (const int8_t *)tq_in(x, r->filter);
    const int32_t run = r->k_w * r->in_c, window = r->k_h * run, blocks = (r->out_c + 7) / 8;
    const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    const __m256i index = _mm256_mullo_epi32(lanes, _mm256_set1_epi32(window));
    int32_t blk, ky, p, l, t;
    z->any_left = 0;
    for (blk = 0; blk < blocks; blk++) {
        const int32_t n = r->out_c - blk * 8 < 8 ? r->out_c - blk * 8 : 8;
        const __m256i valid = _mm256_cmpgt_epi32(_mm256_set1_epi32(n), lanes);
        int32_t b[8], m[8], left[8], half[8], right[8];
        __m512i sums = _mm512_setzero_si512();
        z_block *k = &z->block[blk];
        for (l = 0; l < 8; l++) {
            const int32_t c = blk * 8 + l, shift = l < n ? shifts[c] : 0, e = shift > 0 ? 0 : -shift;
            b[l] = l < n && bias != NULL ? bias[c] : 0;
            m[l] = l < n ? multipliers[c] : 0;
            left[l] = shift > 0 ? shift : 0;
            right[l] = e;
            half[l] = e > 0 ? (int32_t)(1u << (e - 1)) : 0;
            z->any_left |= left[l];
        }
        for (ky = 0; ky < r->k_h; ky++) {
            const int8_t *src = filter + blk * 8 * window + ky * run;
            int8_t *dst = weights + (blk * r->k_h + ky) * quads * 64;
            __m512i f;
            for (p = 0; p < run / 4; p++) {
                f = spread(_mm256_mask_i32gather_epi32(_mm256_setzero_si256(), (const int *)(const void *)(src + 4 * p),
                                                       index, valid, 1));
                _mm512_storeu_si512((void *)(dst + 64 * p), f);
                sums = _mm512_dpbusd_epi32(sums, _mm512_set1_epi8(1), f);
            }
            if (run & 3) {
                int8_t quad[32];
                memset(quad, 0, sizeof quad);
                for (l = 0; l < n; l++)
                    for (t = 4 * p; t < run; t++) quad[4 * l + t - 4 * p] = src[l * window + t];
                f = spread(_mm256_loadu_si256((const __m256i *)(const void *)quad));
                _mm512_storeu_si512((void *)(dst + 64 * p), f);
                sums = _mm512_dpbusd_epi32(sums, _mm512_set1_epi8(1), f);
            }
        }
        k->bias = _mm512_add_epi32(spread(_mm256_loadu_si256((const __m256i *)(const void *)b)),
                                   _mm512_mullo_epi32(sums, _mm512_set1_epi32(r->input_offset - 128)));
        k->multiplier = spread(_mm256_loadu_si256((const __m256i *)(const void *)m));
        k->left = spread(_mm256_loadu_si256((const __m256i *)(const void *)left));
        k->half = spread(_mm256_loadu_si256((const __m256i *)(const void *)half));
        k->right = spread(_mm256_loadu_si256((const __m256i *)(const void *)right));
        k->lo = _mm512_set1_epi32(r->act_min - r->output_offset);
        k->hi = _mm512_set1_epi32(r->act_max - r->output_offset);
    }
    z->offset = _mm512_set1_epi32(r->output_offset);
    z->order = _mm_setr_epi8(0, 2, 4, 6, 8, 10, 12, 14, 1, 3, 5, 7, 9, 11, 13, 15);
}

TQ_AVX512_FN int tq_conv_avx512(const tq_exec *x, const conv_record *r) {
    uint8_t image[Z_IMAGE + Z_SLACK];
    uint64_t paired[Z_PAIRS];
    int8_t weights[Z_WEIGHTS];
    z_conv z;
    const int8_t *input = (const int8_t *)tq_in(x, r->input);
    int8_t *output = (int8_t *)tq_out(x, r->output);
    const int32_t run = r->k_w * r->in_c, quads = (run + 3) / 4, blocks = (r->out_c + 7) / 8;
    const int32_t step = r->stride_w * r->in_c, border = 128 - r->input_offset;
    const int32_t rows = (r->out_h - 1) * r->stride_h + (r->k_h - 1) * r->dilation_h + 1;
    const int32_t cols = (r->out_w - 1) * r->stride_w + r->k_w, row_len = cols * r->in_c;
    const int32_t x0 = r->pad_w, x1 = cols - r->pad_w < r->in_w ? cols - r->pad_w : r->in_w;
    const __m512i interleave = _mm512_setr_epi32(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
    int32_t b, oy, j, i, blk, count;
    if (r->group_c != r->in_c || r->dilation_w != 1 || blocks > Z_BLOCKS || border < 0 || border > 255) return 0;
    if (step % 4 != 0 || step > 128 || row_len % 4 != 0 || r->k_h * run > 65536) return 0;
    if (rows < r->pad_h || cols < r->pad_w || r->pad_h < 0 || r->pad_w < 0) return 0;
    if ((int64_t)rows * row_len > Z_IMAGE || (int64_t)blocks * r->k_h * quads * 64 > Z_WEIGHTS) return 0;
    /* the pixels read stay below pair value rows * row_len / 4 + 1; the pair copy reads up to
     * byte 4 * count + step + 32 <= rows * row_len + step + 68 of the image */
    count = ((rows * row_len) / 4 + 2 + 7) & ~7;
    z_setup(&z, weights, x, r, quads);
    for (b = 0; b < r->batches; b++) {
        const int8_t *src = input + b * r->in_h * r->in_w * r->in_c;
        memset(image, border, (size_t)(rows * row_len + step + 68));
        for (oy = 0; oy < rows; oy++) {
            const int32_t iy = oy - r->pad_h;
            uint8_t *dst = image + oy * row_len + x0 * r->in_c;
            const int8_t *from;
            if (iy < 0 || iy >= r->in_h || x1 <= 0) continue;
            from = src + iy * r->in_w * r->in_c;
            i = 0;
            for (; i + 32 <= x1 * r->in_c; i += 32)
                _mm256_storeu_si256((__m256i *)(void *)(dst + i),
                                    _mm256_xor_si256(_mm256_loadu_si256((const __m256i *)(const void *)(from + i)),
                                                     _mm256_set1_epi8((char)0x80)));
            for (; i + 8 <= x1 * r->in_c; i += 8)
                _mm_storel_epi64((__m128i *)(void *)(dst + i),
                                 _mm_xor_si128(_mm_loadl_epi64((const __m128i *)(const void *)(from + i)),
                                               _mm_set1_epi8((char)0x80)));
            for (; i < x1 * r->in_c; i++) dst[i] = (uint8_t)(from[i] + 128);
        }
        /* paired[i] = image bytes [4 i, 4 i + 4) then [4 i + step, 4 i + step + 4) */
        for (i = 0; i < count; i += 8) {
            const __m512i lo = _mm512_castsi256_si512(_mm256_loadu_si256((const __m256i *)(const void *)(image + 4 * i)));
            const __m512i hi =
                _mm512_castsi256_si512(_mm256_loadu_si256((const __m256i *)(const void *)(image + 4 * i + step)));
            _mm512_storeu_si512((void *)(paired + i), _mm512_permutex2var_epi32(lo, interleave, hi));
        }
        for (oy = 0; oy < r->out_h; oy++) {
            const uint64_t *line = paired + oy * r->stride_h * row_len / 4;
            int8_t *out = output + ((b * r->out_h + oy) * r->out_w) * r->out_c;
            /* A one-row kernel never steps down, and its dilation may be any value (a model may
             * carry a huge one): only a taller kernel's step is computed, and the image bound
             * above keeps it small. */
            const int32_t pair = step / 2, row = r->k_h > 1 ? r->dilation_h * row_len / 4 : 0, total = (r->out_w + 1) / 2;
            for (blk = 0; blk < blocks; blk++) {
                const int32_t n = r->out_c - blk * 8 < 8 ? r->out_c - blk * 8 : 8;
                const int8_t *w = weights + blk * r->k_h * quads * 64;
                const z_block *k = &z.block[blk];
                for (j = 0; j < total; j += 8) {
                    const uint64_t *s = line + j * pair;
                    int8_t *o = out + 2 * j * r->out_c + blk * 8;
                    const int32_t np = total - j < 8 ? total - j : 8, last_two = 2 * (j + np) <= r->out_w;
                    switch (np) {
                    case 1: pairs(&z, k, w, s, r->k_h, quads, row, pair, 1, n, last_two, r->out_c, o); break;
                    case 2: pairs(&z, k, w, s, r->k_h, quads, row, pair, 2, n, last_two, r->out_c, o); break;
                    case 3: pairs(&z, k, w, s, r->k_h, quads, row, pair, 3, n, last_two, r->out_c, o); break;
                    case 4: pairs(&z, k, w, s, r->k_h, quads, row, pair, 4, n, last_two, r->out_c, o); break;
                    case 5: pairs(&z, k, w, s, r->k_h, quads, row, pair, 5, n, last_two, r->out_c, o); break;
                    case 6: pairs(&z, k, w, s, r->k_h, quads, row, pair, 6, n, last_two, r->out_c, o); break;
                    case 7: pairs(&z, k, w, s, r->k_h, quads, row, pair, 7, n, last_two, r->out_c, o); break;
                    default: pairs(&z, k, w, s, r->k_h, quads, row, pair, 8, n, last_two, r->out_c, o); break;
                    }
                }
            }
        }
    }
    return 1;
}

#undef LOAD16
#else
typedef int tq_conv_avx512_unused; /* ISO C: a translation unit is not empty */
#endif /* TQ_FAST_AVX512 */
