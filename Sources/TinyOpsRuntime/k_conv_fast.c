/* Host fast paths of CONV_2D and DEPTHWISE_CONV_2D (TINYOPS_FAST_KERNELS, runtime_config.h),
 * byte for byte the results of the reference loops in k_conv.c.
 *
 * Why the results are the same: TFLM accumulates w * (x + input_offset) in int32. Here each
 * term is formed the same way (x + input_offset fits int16, the product fits int16 * int8),
 * only summed in another order; the sums stay far below 2^31 (the window is bounded), and
 * bias, requantization, offset and clamp follow TFLM exactly.
 *
 * CONV_2D: per output pixel the window is gathered once into an int16 patch (taps over the
 * border are 0, which is what skipping them gives), and each filter, widened to int16 once
 * per invoke in a stack buffer, is a dot product with the patch, four filters per pass.
 * DEPTHWISE_CONV_2D (depth multiplier 1): per pixel, the channels are the vector lanes.
 * With SSE2 (every x86-64) the inner loops are intrinsics; elsewhere (or with
 * -DTINYOPS_NO_SIMD) fixed-width loops a compiler can vectorize. No arena: the buffers live
 * on the stack (about 20 KB). tq_conv_fast and tq_depthwise_fast first try the AVX-512 VNNI
 * and AVX2 variants (k_conv_avx2.c) when the CPU has them (fast_avx2.h). */
#include <string.h>

#include "fast_avx2.h"
#include "fast_requant.h"
#include "fixedpoint.h"
#include "k_conv.h"

#if TINYOPS_FAST_KERNELS

#if defined(TQ_FAST_SSE2)
#define TQ_SSE2 1
#endif

enum {
    FAST_WEIGHTS = 4096, /* int16 filter elements widened per pass over the image */
    FAST_WINDOW = 1024,  /* largest window (kh * kw * in_c, padded to 8) with the fast conv */
    FAST_CHANNELS = 256, /* depthwise channels per pass */
    FAST_TAPS = 65536    /* largest depthwise window: keeps the int32 sums exact */
};

/* Requantization of channels [c0, c0 + n), n <= FAST_CHANNELS: bias, multiplier, shift,
 * output offset and clamp, as TFLM applies them to the int32 sums. Per-channel shifts of a
 * layer usually differ by at most one, which tq_mbqm_x4_right2 handles with plain shifts. */
typedef struct requant_block {
    const conv_record *r;
    const int32_t *bias, *multipliers;
    const int8_t *shifts;
    int32_t c0, n;
#if defined(TQ_SSE2)
    int right_only; /* every shift is -e or -(e + 1), e >= 0: tq_mbqm_x4_right2 */
    int32_t e;
    int32_t bias4[FAST_CHANNELS], more4[FAST_CHANNELS];
    uint32_t multiplier4[FAST_CHANNELS], left4[FAST_CHANNELS], half4[FAST_CHANNELS], right4[FAST_CHANNELS];
#endif
} requant_block;

static void requant_setup(requant_block *q, const conv_record *r, const tq_exec *x, int32_t c0, int32_t n) {
    q->r = r;
    q->bias = r->bias == TQ_REF_NONE ? NULL : (const int32_t *)tq_in(x, r->bias) + c0;
    q->multipliers = (const int32_t *)(const void *)(r + 1) + c0;
    q->shifts = (const int8_t *)((const int32_t *)(const void *)(r + 1) + r->out_c) + c0;
    q->c0 = c0;
    q->n = n;
#if defined(TQ_SSE2)
    {
        int32_t c, lowest = 0, highest = -31;
        for (c = 0; c < n; c++) {
            lowest = q->shifts[c] < lowest ? q->shifts[c] : lowest;
            highest = q->shifts[c] > highest ? q->shifts[c] : highest;
        }
        q->right_only = n > 0 && highest <= 0 && highest - lowest <= 1;
        q->e = -highest;
        for (c = 0; c < n; c++) {
            q->more4[c] = q->shifts[c] < highest ? -1 : 0;
            const tq_mbqm_lane k = tq_mbqm_constants(q->multipliers[c], q->shifts[c]);
            q->bias4[c] = q->bias == NULL ? 0 : q->bias[c];
            q->multiplier4[c] = k.multiplier;
            q->left4[c] = k.left;
            q->half4[c] = k.half;
            q->right4[c] = k.right;
        }
    }
#endif
}

/* Channel c of the block (relative to c0). */
static int32_t requant(const requant_block *q, int32_t acc, int32_t c) {
    const conv_record *r = q->r;
    uint32_t a = (uint32_t)acc;
    if (q->bias != NULL) a += (uint32_t)q->bias[c];
    return tq_clamp(tq_wrap_add(tq_mbqm((int32_t)a, q->multipliers[c], q->shifts[c]), r->output_offset), r->act_min,
                    r->act_max);
}

/* out[c] for channels [c, c + count) of the block from their sums. */
static void requant_run(const requant_block *q, const int32_t *acc, int32_t c, int32_t count, int8_t *out) {
    const int32_t end = c + count;
#if defined(TQ_SSE2)
#define TQ_LOAD(p) _mm_loadu_si128((const __m128i *)(const void *)(p))
    const __m128i offset = _mm_set1_epi32(q->r->output_offset);
    const __m128i lo = _mm_set1_epi16((int16_t)q->r->act_min), hi = _mm_set1_epi16((int16_t)q->r->act_max);
    if (q->right_only) {
        const __m128i shift = _mm_cvtsi32_si128(q->e);
        for (; c + 8 <= end; c += 8, acc += 8, out += 8) {
            const __m128i a = _mm_add_epi32(TQ_LOAD(acc), TQ_LOAD(q->bias4 + c));
            const __m128i b = _mm_add_epi32(TQ_LOAD(acc + 4), TQ_LOAD(q->bias4 + c + 4));
            tq_store_i8_x8(out,
                           tq_mbqm_x4_right2(a, TQ_LOAD(q->multiplier4 + c), TQ_LOAD(q->half4 + c), shift,
                                             TQ_LOAD(q->more4 + c)),
                           tq_mbqm_x4_right2(b, TQ_LOAD(q->multiplier4 + c + 4), TQ_LOAD(q->half4 + c + 4), shift,
                                             TQ_LOAD(q->more4 + c + 4)),
                           offset, lo, hi);
        }
    } else {
        for (; c + 8 <= end; c += 8, acc += 8, out += 8) {
            const __m128i a = _mm_add_epi32(TQ_LOAD(acc), TQ_LOAD(q->bias4 + c));
            const __m128i b = _mm_add_epi32(TQ_LOAD(acc + 4), TQ_LOAD(q->bias4 + c + 4));
            tq_store_i8_x8(out,
                           tq_mbqm_x4(a, TQ_LOAD(q->multiplier4 + c), TQ_LOAD(q->left4 + c), TQ_LOAD(q->half4 + c),
                                      TQ_LOAD(q->right4 + c)),
                           tq_mbqm_x4(b, TQ_LOAD(q->multiplier4 + c + 4), TQ_LOAD(q->left4 + c + 4),
                                      TQ_LOAD(q->half4 + c + 4), TQ_LOAD(q->right4 + c + 4)),
                           offset, lo, hi);
        }
    }
    if (c + 4 <= end) {
        const __m128i v = _mm_add_epi32(TQ_LOAD(acc), TQ_LOAD(q->bias4 + c));
        const __m128i w = tq_mbqm_x4(v, TQ_LOAD(q->multiplier4 + c), TQ_LOAD(q->left4 + c), TQ_LOAD(q->half4 + c),
                                     TQ_LOAD(q->right4 + c));
        int8_t bytes[8];
        tq_store_i8_x8(bytes, w, w, offset, lo, hi);
        memcpy(out, bytes, 4);
        c += 4;
        acc += 4;
        out += 4;
    }
#undef TQ_LOAD
#endif
    for (; c < end; c++) *out++ = (int8_t)requant(q, *acc++, c);
}

/* out[j] = sum over k < kp of w[j * kp + k] * p[k], j < 4; kp a multiple of 8. */
static void dot4(const int16_t *w, int32_t kp, const int16_t *p, int32_t *out) {
#if defined(TQ_SSE2)
    const int16_t *w1 = w + kp, *w2 = w1 + kp, *w3 = w2 + kp;
    __m128i a0 = _mm_setzero_si128(), a1 = a0, a2 = a0, a3 = a0, t01, t23;
    int32_t k;
    for (k = 0; k < kp; k += 8) {
        const __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + k));
        a0 = _mm_add_epi32(a0, _mm_madd_epi16(_mm_loadu_si128((const __m128i *)(const void *)(w + k)), v));
        a1 = _mm_add_epi32(a1, _mm_madd_epi16(_mm_loadu_si128((const __m128i *)(const void *)(w1 + k)), v));
        a2 = _mm_add_epi32(a2, _mm_madd_epi16(_mm_loadu_si128((const __m128i *)(const void *)(w2 + k)), v));
        a3 = _mm_add_epi32(a3, _mm_madd_epi16(_mm_loadu_si128((const __m128i *)(const void *)(w3 + k)), v));
    }
    t01 = _mm_add_epi32(_mm_unpacklo_epi32(a0, a1), _mm_unpackhi_epi32(a0, a1));
    t23 = _mm_add_epi32(_mm_unpacklo_epi32(a2, a3), _mm_unpackhi_epi32(a2, a3));
    _mm_storeu_si128((__m128i *)(void *)out, _mm_add_epi32(_mm_unpacklo_epi64(t01, t23), _mm_unpackhi_epi64(t01, t23)));
#else
    int32_t j, k, i;
    for (j = 0; j < 4; j++, w += kp) {
        int32_t lanes[8] = {0, 0, 0, 0, 0, 0, 0, 0};
        for (k = 0; k < kp; k += 8)
            for (i = 0; i < 8; i++) lanes[i] += w[k + i] * p[k + i];
        out[j] = lanes[0] + lanes[1] + lanes[2] + lanes[3] + lanes[4] + lanes[5] + lanes[6] + lanes[7];
    }
#endif
}

/* dot4 for two patches at once (p into out, p2 into out2): each filter load serves both. */
static void dot4x2(const int16_t *w, int32_t kp, const int16_t *p, const int16_t *p2, int32_t *out, int32_t *out2) {
#if defined(TQ_SSE2)
    const int16_t *w1 = w + kp, *w2 = w1 + kp, *w3 = w2 + kp;
    __m128i a0 = _mm_setzero_si128(), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0, t01, t23;
    int32_t k;
    for (k = 0; k < kp; k += 8) {
        const __m128i u = _mm_loadu_si128((const __m128i *)(const void *)(p + k));
        const __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p2 + k));
        __m128i f = _mm_loadu_si128((const __m128i *)(const void *)(w + k));
        a0 = _mm_add_epi32(a0, _mm_madd_epi16(f, u));
        b0 = _mm_add_epi32(b0, _mm_madd_epi16(f, v));
        f = _mm_loadu_si128((const __m128i *)(const void *)(w1 + k));
        a1 = _mm_add_epi32(a1, _mm_madd_epi16(f, u));
        b1 = _mm_add_epi32(b1, _mm_madd_epi16(f, v));
        f = _mm_loadu_si128((const __m128i *)(const void *)(w2 + k));
        a2 = _mm_add_epi32(a2, _mm_madd_epi16(f, u));
        b2 = _mm_add_epi32(b2, _mm_madd_epi16(f, v));
        f = _mm_loadu_si128((const __m128i *)(const void *)(w3 + k));
        a3 = _mm_add_epi32(a3, _mm_madd_epi16(f, u));
        b3 = _mm_add_epi32(b3, _mm_madd_epi16(f, v));
    }
    t01 = _mm_add_epi32(_mm_unpacklo_epi32(a0, a1), _mm_unpackhi_epi32(a0, a1));
    t23 = _mm_add_epi32(_mm_unpacklo_epi32(a2, a3), _mm_unpackhi_epi32(a2, a3));
    _mm_storeu_si128((__m128i *)(void *)out, _mm_add_epi32(_mm_unpacklo_epi64(t01, t23), _mm_unpackhi_epi64(t01, t23)));
    t01 = _mm_add_epi32(_mm_unpacklo_epi32(b0, b1), _mm_unpackhi_epi32(b0, b1));
    t23 = _mm_add_epi32(_mm_unpacklo_epi32(b2, b3), _mm_unpackhi_epi32(b2, b3));
    _mm_storeu_si128((__m128i *)(void *)out2, _mm_add_epi32(_mm_unpacklo_epi64(t01, t23), _mm_unpackhi_epi64(t01, t23)));
#else
    dot4(w, kp, p, out);
    dot4(w, kp, p2, out2);
#endif
}

/* One filter: sum over k < kp of w[k] * p[k]. */
static int32_t dot1(const int16_t *w, int32_t kp, const int16_t *p) {
    int32_t acc = 0, k;
    for (k = 0; k < kp; k++) acc += w[k] * p[k];
    return acc;
}

/* x + input_offset for n input bytes. */
static void widen(int16_t *dst, const int8_t *src, int32_t n, int32_t offset) {
    int32_t i = 0;
#if defined(TQ_SSE2)
    const __m128i off = _mm_set1_epi16((int16_t)offset);
    for (; i + 8 <= n; i += 8) {
        const __m128i v = _mm_loadl_epi64((const __m128i *)(const void *)(src + i));
        _mm_storeu_si128((__m128i *)(void *)(dst + i), _mm_add_epi16(_mm_srai_epi16(_mm_unpacklo_epi8(v, v), 8), off));
    }
#endif
    for (; i < n; i++) dst[i] = (int16_t)(src[i] + offset);
}

/* The window of the output pixel whose window starts at (y0, x0), row by row as the
 * filter stores it: kh x kw x in_c values x + input_offset, 0 over the border. */
static void gather(const conv_record *r, const int8_t *image, int32_t y0, int32_t x0, int16_t *patch) {
    const int32_t run = r->k_w * r->in_c;
    const int inside_x = x0 >= 0 && x0 + (r->k_w - 1) * r->dilation_w < r->in_w;
    int32_t ky, kx;
    for (ky = 0; ky < r->k_h; ky++, patch += run) {
        const int32_t iy = y0 + ky * r->dilation_h;
        const int8_t *row = image + iy * r->in_w * r->in_c;
        if (iy < 0 || iy >= r->in_h) {
            memset(patch, 0, (size_t)run * sizeof *patch);
        } else if (inside_x && r->dilation_w == 1) {
            widen(patch, row + x0 * r->in_c, run, r->input_offset);
        } else {
            for (kx = 0; kx < r->k_w; kx++) {
                const int32_t ix = x0 + kx * r->dilation_w;
                if (ix < 0 || ix >= r->in_w)
                    memset(patch + kx * r->in_c, 0, (size_t)r->in_c * sizeof *patch);
                else
                    widen(patch + kx * r->in_c, row + ix * r->in_c, r->in_c, r->input_offset);
            }
        }
    }
}

/* The SSE2 paths' stack frames (about 20 KB) stay apart from the AVX2 ones: not inlined
 * into tq_conv_fast / tq_depthwise_fast, which only choose. */
#if defined(__GNUC__)
#define TQ_NOINLINE __attribute__((noinline))
#else
#define TQ_NOINLINE
#endif

/* input (n, h, w, in_c), filter (out_c, kh, kw, in_c) -> output (n, oh, ow, out_c); no groups. */
static TQ_NOINLINE int conv_sse2(const tq_exec *x, const conv_record *r) {
    int16_t weights[FAST_WEIGHTS];
    int16_t patch[FAST_WINDOW], patch2[FAST_WINDOW];
    int32_t acc[FAST_CHANNELS], acc2[FAST_CHANNELS];
    requant_block q;
    const int8_t *input = (const int8_t *)tq_in(x, r->input);
    const int8_t *filter = (const int8_t *)tq_in(x, r->filter);
    int8_t *output = (int8_t *)tq_out(x, r->output);
    const int32_t window = r->k_h * r->k_w * r->in_c;
    const int32_t kp = (window + 7) & ~7;
    const int32_t pixels = r->out_h * r->out_w;
    int32_t block, oc0, b, i, j, k;
    if (r->group_c != r->in_c || window > FAST_WINDOW - 7) return 0;
    block = FAST_WEIGHTS / kp < FAST_CHANNELS ? FAST_WEIGHTS / kp : FAST_CHANNELS;
    for (k = window; k < kp; k++) patch[k] = patch2[k] = 0;
    for (oc0 = 0; oc0 < r->out_c; oc0 += block) {
        const int32_t n = r->out_c - oc0 < block ? r->out_c - oc0 : block;
        requant_setup(&q, r, x, oc0, n);
        for (j = 0; j < n; j++) {
            widen(weights + j * kp, filter + (oc0 + j) * window, window, 0);
            for (k = window; k < kp; k++) weights[j * kp + k] = 0;
        }
        for (b = 0; b < r->batches; b++) {
            const int8_t *image = input + b * r->in_h * r->in_w * r->in_c;
            int8_t *out = output + b * pixels * r->out_c + oc0;
            /* two output pixels per pass (in row-major order), the last one alone if odd */
            for (i = 0; i < pixels; i += 2, out += 2 * r->out_c) {
                const int32_t oy = i / r->out_w, ox = i % r->out_w;
                gather(r, image, oy * r->stride_h - r->pad_h, ox * r->stride_w - r->pad_w, patch);
                if (i + 1 < pixels) {
                    const int32_t oy2 = (i + 1) / r->out_w, ox2 = (i + 1) % r->out_w;
                    gather(r, image, oy2 * r->stride_h - r->pad_h, ox2 * r->stride_w - r->pad_w, patch2);
                    for (j = 0; j + 4 <= n; j += 4) dot4x2(weights + j * kp, kp, patch, patch2, acc + j, acc2 + j);
                    for (; j < n; j++) {
                        acc[j] = dot1(weights + j * kp, kp, patch);
                        acc2[j] = dot1(weights + j * kp, kp, patch2);
                    }
                    requant_run(&q, acc, 0, n, out);
                    requant_run(&q, acc2, 0, n, out + r->out_c);
                } else {
                    for (j = 0; j + 4 <= n; j += 4) dot4(weights + j * kp, kp, patch, acc + j);
                    for (; j < n; j++) acc[j] = dot1(weights + j * kp, kp, patch);
                    requant_run(&q, acc, 0, n, out);
                }
            }
        }
    }
    return 1;
}

/* acc[c] += w[c] * (x[c] + offset), c < n. */
static void taps(int32_t *acc, const int8_t *w, const int8_t *in, int32_t n, int32_t offset) {
    int32_t c = 0;
#if defined(TQ_SSE2)
    const __m128i off = _mm_set1_epi16((int16_t)offset);
    for (; c + 8 <= n; c += 8) {
        const __m128i xv = _mm_loadl_epi64((const __m128i *)(const void *)(in + c));
        const __m128i wv = _mm_loadl_epi64((const __m128i *)(const void *)(w + c));
        const __m128i x16 = _mm_add_epi16(_mm_srai_epi16(_mm_unpacklo_epi8(xv, xv), 8), off);
        const __m128i w16 = _mm_srai_epi16(_mm_unpacklo_epi8(wv, wv), 8);
        const __m128i prod = _mm_mullo_epi16(x16, w16); /* |w * (x + offset)| <= 32640 */
        __m128i *a = (__m128i *)(void *)(acc + c);
        _mm_storeu_si128(a, _mm_add_epi32(_mm_loadu_si128(a), _mm_srai_epi32(_mm_unpacklo_epi16(prod, prod), 16)));
        _mm_storeu_si128(a + 1, _mm_add_epi32(_mm_loadu_si128(a + 1), _mm_srai_epi32(_mm_unpackhi_epi16(prod, prod), 16)));
    }
#endif
    for (; c < n; c++) acc[c] += w[c] * (in[c] + offset);
}

/* input (n, h, w, c), filter (1, kh, kw, c) -> output (n, oh, ow, c); depth multiplier 1. */
static TQ_NOINLINE int depthwise_sse2(const tq_exec *x, const conv_record *r) {
    int32_t acc[FAST_CHANNELS];
    requant_block q;
    const int8_t *input = (const int8_t *)tq_in(x, r->input);
    const int8_t *filter = (const int8_t *)tq_in(x, r->filter);
    int8_t *output = (int8_t *)tq_out(x, r->output);
    int32_t b, oy, ox, c0, ky, kx;
    if (r->group_c != 1 || r->k_h * r->k_w > FAST_TAPS) return 0;
    if (r->in_c <= FAST_CHANNELS) requant_setup(&q, r, x, 0, r->in_c);
    for (b = 0; b < r->batches; b++) {
        const int8_t *image = input + b * r->in_h * r->in_w * r->in_c;
        for (oy = 0; oy < r->out_h; oy++) {
            const int32_t y0 = oy * r->stride_h - r->pad_h;
            for (ox = 0; ox < r->out_w; ox++) {
                const int32_t x0 = ox * r->stride_w - r->pad_w;
                for (c0 = 0; c0 < r->in_c; c0 += FAST_CHANNELS) {
                    const int32_t n = r->in_c - c0 < FAST_CHANNELS ? r->in_c - c0 : FAST_CHANNELS;
                    if (r->in_c > FAST_CHANNELS) requant_setup(&q, r, x, c0, n);
                    memset(acc, 0, (size_t)n * sizeof *acc);
                    for (ky = 0; ky < r->k_h; ky++) {
                        const int32_t iy = y0 + ky * r->dilation_h;
                        if (iy < 0 || iy >= r->in_h) continue;
                        for (kx = 0; kx < r->k_w; kx++) {
                            const int32_t ix = x0 + kx * r->dilation_w;
                            if (ix < 0 || ix >= r->in_w) continue;
                            taps(acc, filter + (ky * r->k_w + kx) * r->out_c + c0,
                                 image + (iy * r->in_w + ix) * r->in_c + c0, n, r->input_offset);
                        }
                    }
                    requant_run(&q, acc, 0, n, output);
                    output += n;
                }
            }
        }
    }
    return 1;
}

int tq_conv_fast(const tq_exec *x, const conv_record *r) {
#if defined(TQ_FAST_AVX512)
    if (tq_avx512_usable() && tq_conv_avx512(x, r)) return 1;
#endif
#if defined(TQ_FAST_VNNI)
    if (tq_vnni_usable() && tq_conv_vnni(x, r)) return 1;
#endif
#if defined(TQ_FAST_AVX2)
    if (tq_avx2_usable() && tq_conv_avx2(x, r)) return 1;
#endif
    return conv_sse2(x, r);
}

int tq_depthwise_fast(const tq_exec *x, const conv_record *r) {
#if defined(TQ_FAST_AVX2)
    if (tq_avx2_usable() && tq_depthwise_avx2(x, r)) return 1;
#endif
    return depthwise_sse2(x, r);
}

#else
typedef int tq_conv_fast_unused; /* ISO C: a translation unit is not empty */
#endif /* TINYOPS_FAST_KERNELS */
