/* CONV_2D and DEPTHWISE_CONV_2D with AVX2 (fast_avx2.h), byte for byte the reference loops
 * of k_conv.c, for the small channel counts of microcontroller models.
 *
 * Both convolve from a widened, pre-padded copy of the input: every value x + input_offset
 * as int16, with zeros around it where the padding is (a zero there is what skipping the tap
 * gives), so a window's row is a contiguous run and no border is tested in the loops.
 *
 * CONV_2D takes eight output channels as the eight int32 lanes: for each pair of taps t, t+1
 * of a window row, (x[t], x[t+1]) is broadcast to every lane and vpmaddwd multiplies it by
 * the filters' (w[oc][t], w[oc][t+1]), interleaved once per invoke. Four output pixels share
 * each filter load. A window row of odd length is padded with a zero weight (the extra input
 * value read is finite, times zero). DEPTHWISE_CONV_2D (depth multiplier 1) takes eight
 * channels as the lanes. The int32 sums are TFLM's (integer sums in another order); bias,
 * requantization, offset and clamp follow TFLM exactly (the requantization as tq_requant_x8
 * in fast_avx2.h, per-lane multipliers and shifts). Buffers on the stack
 * (about 27 KB at most); no arena. Shapes over the buffers keep the SSE2 paths. */
#include <string.h>

#include "fast_avx2.h"

#if defined(TQ_FAST_AVX2)

enum {
    AVX_IMAGE = 8192,   /* int16 values of the padded input image (one batch) */
    AVX_WEIGHTS = 4096, /* interleaved filter values (int16; int8 with VNNI) */
    AVX_BLOCKS = 16,    /* output channels up to 128 */
    AVX_SLACK = 16      /* zeros after the image: reads past a row's end by up to 15 values */
};

/* Per-lane requantization constants of up to AVX_BLOCKS * 8 channels; lanes past the last
 * channel hold zeros (their results are never stored). */
typedef struct avx_requant {
    int32_t bias[AVX_BLOCKS * 8], multiplier[AVX_BLOCKS * 8], multiplier_odd[AVX_BLOCKS * 8];
    int32_t left[AVX_BLOCKS * 8], half[AVX_BLOCKS * 8], right[AVX_BLOCKS * 8];
    int32_t offset, lo, hi, any_left;
    __m256i offset16, lo8, hi8; /* the output offset as int16 lanes, the clamp as int8 lanes */
} avx_requant;

static void avx_requant_setup(avx_requant *q, const conv_record *r, const tq_exec *x, int32_t channels) {
    const int32_t *bias = r->bias == TQ_REF_NONE ? NULL : (const int32_t *)tq_in(x, r->bias);
    const int32_t *multipliers = (const int32_t *)(const void *)(r + 1);
    const int8_t *shifts = (const int8_t *)(multipliers + r->out_c);
    int32_t c;
    for (c = 0; c < ((channels + 7) & ~7); c++) {
        const int shift = c < channels ? shifts[c] : 0;
        const int e = shift > 0 ? 0 : -shift;
        q->bias[c] = c < channels && bias != NULL ? bias[c] : 0;
        q->multiplier[c] = c < channels ? multipliers[c] : 0;
        q->left[c] = shift > 0 ? shift : 0;
        q->right[c] = e;
        q->half[c] = e > 0 ? (int32_t)(1u << (e - 1)) : 0;
    }
    /* tq_requant_x8's odd-lane multipliers: lane c holds channel c | 1's */
    q->any_left = 0;
    for (c = 0; c < ((channels + 7) & ~7); c++) {
        q->multiplier_odd[c] = q->multiplier[c | 1];
        q->any_left |= q->left[c];
    }
    q->offset = r->output_offset;
    q->lo = r->act_min;
    q->hi = r->act_max;
}

/* The vector constants of store4 (AVX2 instructions, so set apart from the plain setup). */
static TQ_AVX2_FN void avx_requant_vectors(avx_requant *q) {
    q->offset16 = _mm256_set1_epi16((int16_t)q->offset);
    q->lo8 = _mm256_set1_epi8((char)q->lo);
    q->hi8 = _mm256_set1_epi8((char)q->hi);
}

#define LOAD8(p) _mm256_loadu_si256((const __m256i *)(const void *)(p))

/* Four bytes at p in every 32-bit lane. */
static inline TQ_AVX2_FN __m256i broadcast4(const uint8_t *p) {
    int32_t v;
    memcpy(&v, p, 4);
    return _mm256_set1_epi32(v);
}

/* Channels [c, c + 8) of one output pixel from their int32 sums (bias included): the
 * requantized values, before the output offset. */
static inline TQ_AVX2_FN __m256i requant(const avx_requant *q, __m256i acc, int32_t c) {
    if (q->any_left) acc = _mm256_sllv_epi32(acc, LOAD8(q->left + c));
    return tq_requant_x8(acc, LOAD8(q->multiplier + c), LOAD8(q->multiplier_odd + c), LOAD8(q->half + c),
                         LOAD8(q->right + c));
}

/* Channels [c, c + n) (n <= 8) of `count` (<= 4) output pixels `stride` bytes apart, from
 * their int32 sums (bias included): requantized, then packed to int16 with saturation, the
 * output offset added with saturation, packed to int8 and clamped. TFLM adds the offset in
 * int32 and clamps to [lo, hi] within int8; a value outside int16 stays past the int8 range
 * through the saturating steps, so the bytes are the same. */
static inline TQ_AVX2_FN void store4(const avx_requant *q, __m256i a0, __m256i a1, __m256i a2, __m256i a3, int32_t c,
                                     int32_t n, int32_t count, int8_t *out, int32_t stride) {
    const __m256i order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
    const __m256i p01 = _mm256_adds_epi16(_mm256_packs_epi32(requant(q, a0, c), requant(q, a1, c)), q->offset16);
    const __m256i p23 = _mm256_adds_epi16(_mm256_packs_epi32(requant(q, a2, c), requant(q, a3, c)), q->offset16);
    /* bytes: pixel 0, 1, 2, 3 channels 0-3, then the same for channels 4-7; reordered to
     * pixel 0 channels 0-7, pixel 1, ... */
    __m256i v = _mm256_min_epi8(_mm256_max_epi8(_mm256_packs_epi16(p01, p23), q->lo8), q->hi8);
    v = _mm256_permutevar8x32_epi32(v, order);
    if (count == 4 && n == 8 && stride == 8) {
        _mm256_storeu_si256((__m256i *)(void *)out, v);
    } else {
        int8_t bytes[32];
        int32_t j;
        _mm256_storeu_si256((__m256i *)(void *)bytes, v);
        for (j = 0; j < count; j++) memcpy(out + j * stride, bytes + 8 * j, (size_t)n);
    }
}

/* requant and store4 for one pixel's channels [c, c + n). */
static inline TQ_AVX2_FN void store1(const avx_requant *q, __m256i acc, int32_t c, int32_t n, int8_t *out) {
    store4(q, acc, acc, acc, acc, c, n, 1, out, 8);
}

/* dst[i] = src[i] + offset, i < n. */
static TQ_AVX2_FN void widen(int16_t *dst, const int8_t *src, int32_t n, int32_t offset) {
    int32_t i = 0;
    const __m256i off = _mm256_set1_epi16((int16_t)offset);
    for (; i + 16 <= n; i += 16) {
        const __m256i v = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(const void *)(src + i)));
        _mm256_storeu_si256((__m256i *)(void *)(dst + i), _mm256_add_epi16(v, off));
    }
    for (; i < n; i++) dst[i] = (int16_t)(src[i] + offset);
}

/* The padded image of one batch: rows [-pad_h, rows - pad_h), columns [-pad_w, cols - pad_w)
 * of the input, x + input_offset inside it and 0 outside, then AVX_SLACK zeros. */
static TQ_AVX2_FN void pad_image(const conv_record *r, const int8_t *image, int32_t rows, int32_t cols, int16_t *dst) {
    const int32_t row_len = cols * r->in_c;
    const int32_t x0 = r->pad_w, x1 = cols - r->pad_w < r->in_w ? cols - r->pad_w : r->in_w;
    int32_t py;
    memset(dst, 0, ((size_t)rows * (size_t)row_len + AVX_SLACK) * sizeof *dst);
    for (py = 0; py < rows; py++) {
        const int32_t iy = py - r->pad_h;
        if (iy < 0 || iy >= r->in_h || x1 <= 0) continue;
        widen(dst + py * row_len + x0 * r->in_c, image + iy * r->in_w * r->in_c, x1 * r->in_c, r->input_offset);
    }
}

/* Rows and columns of the padded image the output needs, 0 if over AVX_IMAGE. */
static int32_t padded_size(const conv_record *r, int32_t k_w_span, int32_t *rows, int32_t *cols) {
    *rows = (r->out_h - 1) * r->stride_h + (r->k_h - 1) * r->dilation_h + 1;
    *cols = (r->out_w - 1) * r->stride_w + k_w_span;
    if (*rows < r->pad_h || *cols < r->pad_w || r->pad_h < 0 || r->pad_w < 0) return 0;
    if ((int64_t)*rows * *cols * r->in_c + AVX_SLACK > AVX_IMAGE) return 0;
    return 1;
}

TQ_AVX2_FN int tq_conv_avx2(const tq_exec *x, const conv_record *r) {
    int16_t image[AVX_IMAGE];
    int16_t weights[AVX_WEIGHTS];
    avx_requant q;
    const int8_t *input = (const int8_t *)tq_in(x, r->input);
    const int8_t *filter = (const int8_t *)tq_in(x, r->filter);
    int8_t *output = (int8_t *)tq_out(x, r->output);
    const int32_t run = r->k_w * r->in_c, pairs = (run + 1) / 2, window = r->k_h * run;
    const int32_t blocks = (r->out_c + 7) / 8, per_block = r->k_h * pairs * 16;
    const int32_t step = r->stride_w * r->in_c;
    int32_t rows, cols, row_len, b, ky, p, l, oy, ox, blk;
    if (r->group_c != r->in_c || r->dilation_w != 1 || blocks > AVX_BLOCKS) return 0;
    if ((int64_t)blocks * per_block > AVX_WEIGHTS || !padded_size(r, r->k_w, &rows, &cols)) return 0;
    row_len = cols * r->in_c;
    /* weights[((blk * k_h + ky) * pairs + p) * 16 + 2 * l + i] = w[8 blk + l][ky][2 p + i] */
    for (blk = 0; blk < blocks; blk++)
        for (ky = 0; ky < r->k_h; ky++)
            for (l = 0; l < 8; l++) {
                const int32_t oc = blk * 8 + l;
                int16_t *dst = weights + (blk * r->k_h + ky) * pairs * 16 + 2 * l;
                if (oc >= r->out_c) {
                    for (p = 0; p < pairs; p++) dst[16 * p] = dst[16 * p + 1] = 0;
                } else {
                    const int8_t *src = filter + oc * window + ky * run;
                    for (p = 0; p < run / 2; p++) {
                        dst[16 * p] = src[2 * p];
                        dst[16 * p + 1] = src[2 * p + 1];
                    }
                    if (run & 1) {
                        dst[16 * p] = src[2 * p];
                        dst[16 * p + 1] = 0;
                    }
                }
            }
    avx_requant_setup(&q, r, x, r->out_c);
    avx_requant_vectors(&q);
    for (b = 0; b < r->batches; b++) {
        pad_image(r, input + b * r->in_h * r->in_w * r->in_c, rows, cols, image);
        for (oy = 0; oy < r->out_h; oy++) {
            const int16_t *line = image + oy * r->stride_h * row_len;
            int8_t *out = output + ((b * r->out_h + oy) * r->out_w) * r->out_c;
            for (ox = 0; ox < r->out_w; ox += 4) {
                const int32_t count = r->out_w - ox < 4 ? r->out_w - ox : 4;
                for (blk = 0; blk < blocks; blk++) {
                    const int32_t n = r->out_c - blk * 8 < 8 ? r->out_c - blk * 8 : 8;
                    const int16_t *w = weights + blk * per_block;
                    __m256i a0 = LOAD8(q.bias + blk * 8), a1 = a0, a2 = a0, a3 = a0;
                    for (ky = 0; ky < r->k_h; ky++, w += pairs * 16) {
                        const int16_t *s = line + ky * r->dilation_h * row_len + ox * step;
                        if (count == 4) {
                            for (p = 0; p < pairs; p++) {
                                int32_t v0, v1, v2, v3;
                                const __m256i f = LOAD8(w + 16 * p);
                                memcpy(&v0, s + 2 * p, 4);
                                memcpy(&v1, s + step + 2 * p, 4);
                                memcpy(&v2, s + 2 * step + 2 * p, 4);
                                memcpy(&v3, s + 3 * step + 2 * p, 4);
                                a0 = _mm256_add_epi32(a0, _mm256_madd_epi16(_mm256_set1_epi32(v0), f));
                                a1 = _mm256_add_epi32(a1, _mm256_madd_epi16(_mm256_set1_epi32(v1), f));
                                a2 = _mm256_add_epi32(a2, _mm256_madd_epi16(_mm256_set1_epi32(v2), f));
                                a3 = _mm256_add_epi32(a3, _mm256_madd_epi16(_mm256_set1_epi32(v3), f));
                            }
                        } else {
                            for (p = 0; p < pairs; p++) {
                                int32_t v[4] = {0, 0, 0, 0}, j;
                                const __m256i f = LOAD8(w + 16 * p);
                                for (j = 0; j < count; j++) memcpy(&v[j], s + j * step + 2 * p, 4);
                                a0 = _mm256_add_epi32(a0, _mm256_madd_epi16(_mm256_set1_epi32(v[0]), f));
                                a1 = _mm256_add_epi32(a1, _mm256_madd_epi16(_mm256_set1_epi32(v[1]), f));
                                a2 = _mm256_add_epi32(a2, _mm256_madd_epi16(_mm256_set1_epi32(v[2]), f));
                            }
                        }
                    }
                    store4(&q, a0, a1, a2, a3, blk * 8, n, count, out + ox * r->out_c + blk * 8, r->out_c);
                }
            }
        }
    }
    return 1;
}

/* DEPTHWISE_CONV_2D, depth multiplier 1: eight channels as the lanes. Each tap's eight
 * int16 values are sign-extended to int32 lanes and vpmaddwd multiplies them by the weights
 * held as (w, 0) int16 pairs: x * w + sign(x) * 0, the exact product. */
TQ_AVX2_FN int tq_depthwise_avx2(const tq_exec *x, const conv_record *r) {
    int16_t image[AVX_IMAGE];
    int32_t weights[AVX_WEIGHTS / 2];
    avx_requant q;
    const int8_t *input = (const int8_t *)tq_in(x, r->input);
    const int8_t *filter = (const int8_t *)tq_in(x, r->filter);
    int8_t *output = (int8_t *)tq_out(x, r->output);
    const int32_t channels = r->in_c, padded = (channels + 7) & ~7, taps = r->k_h * r->k_w;
    const int32_t span = (r->k_w - 1) * r->dilation_w + 1;
    int32_t rows, cols, row_len, b, c, t, ky, kx, oy, ox, c0;
    if (r->group_c != 1 || r->out_c != channels || padded > AVX_BLOCKS * 8) return 0;
    if ((int64_t)taps * padded > AVX_WEIGHTS / 2 || !padded_size(r, span, &rows, &cols)) return 0;
    row_len = cols * channels;
    /* weights[t * padded + c] = w[t][c] in the low half, 0 above it and past the channels */
    for (t = 0; t < taps; t++)
        for (c = 0; c < padded; c++) weights[t * padded + c] = c < channels ? (uint16_t)filter[t * channels + c] : 0;
    avx_requant_setup(&q, r, x, channels);
    avx_requant_vectors(&q);
    for (b = 0; b < r->batches; b++) {
        pad_image(r, input + b * r->in_h * r->in_w * channels, rows, cols, image);
        for (oy = 0; oy < r->out_h; oy++) {
            const int16_t *line = image + oy * r->stride_h * row_len;
            for (ox = 0; ox < r->out_w; ox++) {
                const int16_t *pixel = line + ox * r->stride_w * channels;
                for (c0 = 0; c0 < channels; c0 += 8) {
                    const int32_t *w = weights + c0;
                    __m256i a0 = LOAD8(q.bias + c0), a1 = _mm256_setzero_si256();
                    for (ky = 0; ky < r->k_h; ky++) {
                        const int16_t *s = pixel + ky * r->dilation_h * row_len + c0;
                        for (kx = 0; kx + 2 <= r->k_w; kx += 2, w += 2 * padded) {
                            const __m256i v0 = _mm256_cvtepi16_epi32(
                                _mm_loadu_si128((const __m128i *)(const void *)(s + kx * r->dilation_w * channels)));
                            const __m256i v1 = _mm256_cvtepi16_epi32(_mm_loadu_si128(
                                (const __m128i *)(const void *)(s + (kx + 1) * r->dilation_w * channels)));
                            a0 = _mm256_add_epi32(a0, _mm256_madd_epi16(v0, LOAD8(w)));
                            a1 = _mm256_add_epi32(a1, _mm256_madd_epi16(v1, LOAD8(w + padded)));
                        }
                        if (kx < r->k_w) {
                            const __m256i v0 = _mm256_cvtepi16_epi32(
                                _mm_loadu_si128((const __m128i *)(const void *)(s + kx * r->dilation_w * channels)));
                            a0 = _mm256_add_epi32(a0, _mm256_madd_epi16(v0, LOAD8(w)));
                            w += padded;
                        }
                    }
                    store1(&q, _mm256_add_epi32(a0, a1), c0, channels - c0 < 8 ? channels - c0 : 8,
                           output + ((b * r->out_h + oy) * r->out_w + ox) * channels + c0);
                }
            }
        }
    }
    return 1;
}

#if defined(TQ_FAST_VNNI)
/* acc + the four products of u's unsigned bytes by w's signed bytes per lane (vpdpbusd). GCC
 * 12 copies the accumulator around each _mm256_dpbusd_epi32 in a loop (two register moves
 * per instruction); the instruction written out updates it in place. */
static inline TQ_VNNI_FN __m256i dpbusd(__m256i acc, __m256i u, __m256i w) {
#if defined(__GNUC__) && !defined(__clang__)
    __asm__("vpdpbusd %2, %1, %0" : "+v"(acc) : "v"(u), "vm"(w));
    return acc;
#else
    return _mm256_dpbusd_epi32(acc, u, w);
#endif
}

/* CONV_2D with AVX-512 VNNI (vpdpbusd on eight lanes): four taps per instruction as
 * unsigned x + 128 times signed w. The padded image holds u = x + 128, and over the border
 * u = 128 - input_offset (x = -input_offset: the tap then adds w * 0, as skipping it does);
 * sum w * (x + offset) = sum w * u + (offset - 128) * sum w, the last term folded into the
 * bias per output channel. Integer arithmetic, so the same int32 sums as TFLM's. */
TQ_VNNI_FN int tq_conv_vnni(const tq_exec *x, const conv_record *r) {
    uint8_t image[AVX_IMAGE];
    int8_t weights[AVX_WEIGHTS];
    avx_requant q;
    const int8_t *input = (const int8_t *)tq_in(x, r->input);
    const int8_t *filter = (const int8_t *)tq_in(x, r->filter);
    int8_t *output = (int8_t *)tq_out(x, r->output);
    const int32_t run = r->k_w * r->in_c, quads = (run + 3) / 4, window = r->k_h * run;
    const int32_t blocks = (r->out_c + 7) / 8, per_block = r->k_h * quads * 32;
    const int32_t step = r->stride_w * r->in_c, border = 128 - r->input_offset;
    int32_t rows, cols, row_len, b, ky, p, l, oy, ox, blk, t;
    if (r->group_c != r->in_c || r->dilation_w != 1 || blocks > AVX_BLOCKS || border < 0 || border > 255) return 0;
    if ((int64_t)blocks * per_block > AVX_WEIGHTS || !padded_size(r, r->k_w, &rows, &cols)) return 0;
    if (window > 65536) return 0; /* keeps sum w * u and the correction within int32 */
    row_len = cols * r->in_c;
    avx_requant_setup(&q, r, x, r->out_c);
    avx_requant_vectors(&q);
    /* weights[((blk * k_h + ky) * quads + p) * 32 + 4 * l + i] = w[8 blk + l][ky][4 p + i], 0 past
     * the row and past the last filter: whole quads gathered from the eight filters at once */
    for (blk = 0; blk < blocks; blk++) {
        const int32_t n = r->out_c - blk * 8 < 8 ? r->out_c - blk * 8 : 8;
        const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
        const __m256i valid = _mm256_cmpgt_epi32(_mm256_set1_epi32(n), lanes);
        const __m256i index = _mm256_mullo_epi32(lanes, _mm256_set1_epi32(window));
        __m256i sums = _mm256_setzero_si256();
        for (ky = 0; ky < r->k_h; ky++) {
            const int8_t *src = filter + blk * 8 * window + ky * run;
            int8_t *dst = weights + (blk * r->k_h + ky) * quads * 32;
            __m256i f;
            for (p = 0; p < run / 4; p++) {
                f = _mm256_mask_i32gather_epi32(_mm256_setzero_si256(), (const int *)(const void *)(src + 4 * p), index,
                                                valid, 1);
                _mm256_storeu_si256((__m256i *)(void *)(dst + 32 * p), f);
                sums = _mm256_dpbusd_epi32(sums, _mm256_set1_epi8(1), f);
            }
            if (run & 3) {
                memset(dst + 32 * p, 0, 32);
                for (l = 0; l < n; l++)
                    for (t = 4 * p; t < run; t++) dst[32 * p + 4 * l + t - 4 * p] = src[l * window + t];
                sums = _mm256_dpbusd_epi32(sums, _mm256_set1_epi8(1), LOAD8(dst + 32 * p));
            }
        }
        _mm256_storeu_si256((__m256i *)(void *)(q.bias + blk * 8),
                            _mm256_add_epi32(LOAD8(q.bias + blk * 8),
                                             _mm256_mullo_epi32(sums, _mm256_set1_epi32(r->input_offset - 128))));
    }
    for (b = 0; b < r->batches; b++) {
        const int8_t *src = input + b * r->in_h * r->in_w * r->in_c;
        const int32_t x0 = r->pad_w, x1 = cols - r->pad_w < r->in_w ? cols - r->pad_w : r->in_w;
        memset(image, border, (size_t)rows * (size_t)row_len + AVX_SLACK);
        for (oy = 0; oy < rows; oy++) {
            const int32_t iy = oy - r->pad_h;
            uint8_t *dst = image + oy * row_len + x0 * r->in_c;
            const int8_t *from = src + iy * r->in_w * r->in_c;
            int32_t i = 0;
            if (iy < 0 || iy >= r->in_h || x1 <= 0) continue;
            for (; i + 32 <= x1 * r->in_c; i += 32)
                _mm256_storeu_si256((__m256i *)(void *)(dst + i),
                                    _mm256_xor_si256(LOAD8(from + i), _mm256_set1_epi8((char)0x80)));
            for (; i + 8 <= x1 * r->in_c; i += 8)
                _mm_storel_epi64((__m128i *)(void *)(dst + i),
                                 _mm_xor_si128(_mm_loadl_epi64((const __m128i *)(const void *)(from + i)),
                                               _mm_set1_epi8((char)0x80)));
            for (; i < x1 * r->in_c; i++) dst[i] = (uint8_t)(from[i] + 128);
        }
        for (oy = 0; oy < r->out_h; oy++) {
            const uint8_t *line = image + oy * r->stride_h * row_len;
            int8_t *out = output + ((b * r->out_h + oy) * r->out_w) * r->out_c;
            for (ox = 0; ox + 8 <= r->out_w; ox += 8) {
                /* eight pixels: eight independent vpdpbusd chains */
                for (blk = 0; blk < blocks; blk++) {
                    const int32_t n = r->out_c - blk * 8 < 8 ? r->out_c - blk * 8 : 8;
                    const int8_t *w = weights + blk * per_block;
                    int8_t *o = out + ox * r->out_c + blk * 8;
                    __m256i a0 = LOAD8(q.bias + blk * 8), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
                    for (ky = 0; ky < r->k_h; ky++, w += quads * 32) {
                        const uint8_t *s = line + ky * r->dilation_h * row_len + ox * step;
                        for (p = 0; p < quads; p++, s += 4) {
                            const __m256i f = LOAD8(w + 32 * p);
                            a0 = dpbusd(a0, broadcast4(s), f);
                            a1 = dpbusd(a1, broadcast4(s + step), f);
                            a2 = dpbusd(a2, broadcast4(s + 2 * step), f);
                            a3 = dpbusd(a3, broadcast4(s + 3 * step), f);
                            a4 = dpbusd(a4, broadcast4(s + 4 * step), f);
                            a5 = dpbusd(a5, broadcast4(s + 5 * step), f);
                            a6 = dpbusd(a6, broadcast4(s + 6 * step), f);
                            a7 = dpbusd(a7, broadcast4(s + 7 * step), f);
                        }
                    }
                    store4(&q, a0, a1, a2, a3, blk * 8, n, 4, o, r->out_c);
                    store4(&q, a4, a5, a6, a7, blk * 8, n, 4, o + 4 * r->out_c, r->out_c);
                }
            }
            for (; ox < r->out_w; ox += 4) {
                const int32_t count = r->out_w - ox < 4 ? r->out_w - ox : 4;
                /* the pixels past the row's end (count < 4) read inside the image or its slack */
                for (blk = 0; blk < blocks; blk++) {
                    const int32_t n = r->out_c - blk * 8 < 8 ? r->out_c - blk * 8 : 8;
                    const int8_t *w = weights + blk * per_block;
                    __m256i a0 = LOAD8(q.bias + blk * 8), a1 = a0, a2 = a0, a3 = a0;
                    __m256i b0 = _mm256_setzero_si256(), b1 = b0, b2 = b0, b3 = b0;
                    for (ky = 0; ky < r->k_h; ky++, w += quads * 32) {
                        const uint8_t *s = line + ky * r->dilation_h * row_len + ox * step;
                        if (count == 4) {
                            /* even quads into a, odd ones into b: eight vpdpbusd chains */
                            for (p = 0; p + 2 <= quads; p += 2) {
                                const __m256i f = LOAD8(w + 32 * p), g = LOAD8(w + 32 * p + 32);
                                const uint8_t *t = s + 4 * p;
                                a0 = dpbusd(a0, broadcast4(t), f);
                                a1 = dpbusd(a1, broadcast4(t + step), f);
                                a2 = dpbusd(a2, broadcast4(t + 2 * step), f);
                                a3 = dpbusd(a3, broadcast4(t + 3 * step), f);
                                b0 = dpbusd(b0, broadcast4(t + 4), g);
                                b1 = dpbusd(b1, broadcast4(t + step + 4), g);
                                b2 = dpbusd(b2, broadcast4(t + 2 * step + 4), g);
                                b3 = dpbusd(b3, broadcast4(t + 3 * step + 4), g);
                            }
                            if (p < quads) {
                                const __m256i f = LOAD8(w + 32 * p);
                                const uint8_t *t = s + 4 * p;
                                a0 = dpbusd(a0, broadcast4(t), f);
                                a1 = dpbusd(a1, broadcast4(t + step), f);
                                a2 = dpbusd(a2, broadcast4(t + 2 * step), f);
                                a3 = dpbusd(a3, broadcast4(t + 3 * step), f);
                            }
                        } else {
                            for (p = 0; p < quads; p++) {
                                int32_t v[4] = {0, 0, 0, 0}, j;
                                const __m256i f = LOAD8(w + 32 * p);
                                for (j = 0; j < count; j++) memcpy(&v[j], s + j * step + 4 * p, 4);
                                a0 = dpbusd(a0, _mm256_set1_epi32(v[0]), f);
                                a1 = dpbusd(a1, _mm256_set1_epi32(v[1]), f);
                                a2 = dpbusd(a2, _mm256_set1_epi32(v[2]), f);
                            }
                        }
                    }
                    store4(&q, _mm256_add_epi32(a0, b0), _mm256_add_epi32(a1, b1), _mm256_add_epi32(a2, b2),
                           _mm256_add_epi32(a3, b3), blk * 8, n, count, out + ox * r->out_c + blk * 8, r->out_c);
                }
            }
        }
    }
    return 1;
}
#endif

#undef LOAD8
#else
typedef int tq_conv_avx2_unused; /* ISO C: a translation unit is not empty */
#endif /* TQ_FAST_AVX2 */
