/* AVERAGE_POOL_2D and MAX_POOL_2D, int8 (TFLM reference_integer_ops::AveragePool / MaxPool). */
#include <stddef.h>
#include <string.h>

#include "fast_avx2.h"
#include "runtime_config.h"
#include "tinyops_internal.h"

typedef struct pool_record {
    tq_ref input, output;
    int32_t batches, in_h, in_w, channels, out_h, out_w;
    int32_t k_h, k_w, stride_h, stride_w, pad_h, pad_w;
    int32_t act_min, act_max;
} pool_record;

enum { POOL_PADDING = 0, POOL_STRIDE_W = 1, POOL_STRIDE_H = 2, POOL_FILTER_W = 3, POOL_FILTER_H = 4,
       POOL_ACTIVATION = 5 };

/* An average window must cover at least one input position along each axis. */
static int windows_nonempty(int32_t in, int32_t k, int32_t stride, int32_t pad, int32_t out) {
    const int32_t first = -pad, last = (out - 1) * stride - pad;
    return first + k > 0 && last < in;
}

typedef struct pool_options {
    uint8_t padding;
    int8_t activation;
    int32_t stride_w, stride_h, k_w, k_h;
} pool_options;

#define POOL_FIELD(id, member) {id, (uint8_t)sizeof(((pool_options *)0)->member), (uint8_t)offsetof(pool_options, member)}

static int prepare(tq_prep *p, int average) {
    static const fb_field_spec spec[6] = {
        POOL_FIELD(POOL_PADDING, padding), POOL_FIELD(POOL_STRIDE_W, stride_w), POOL_FIELD(POOL_STRIDE_H, stride_h),
        POOL_FIELD(POOL_FILTER_W, k_w), POOL_FIELD(POOL_FILTER_H, k_h), POOL_FIELD(POOL_ACTIVATION, activation)};
    tm_tensor t[2];
    tm_tensor *const in = &t[0], *const out = &t[1];
    pool_record r;
    pool_options o = {0, 0, 0, 0, 0, 0};
    const fb_table *opt = tm_options(&p->op, TM_OPT_POOL2D);
    /* An operator left out by tinyops_config.h: its branches compile away. */
    average = TINYOPS_OP_AVERAGE_POOL_2D && (!TINYOPS_OP_MAX_POOL_2D || average);
    if (!tq_tensors(p, 1, 1, 1, t)) return 0;
    if (opt != NULL && !fb_read_fields(&p->m->fb, opt, spec, 6, &o)) return tm_corrupt(p->m, p->e);
    r.stride_w = o.stride_w;
    r.stride_h = o.stride_h;
    r.k_w = o.k_w;
    r.k_h = o.k_h;
    if (!tq_int8(p, in) || !tq_int8(p, out)) return 0;
    /* pooling_common.cc: |scale difference| <= 1e-6 (in double) and equal zero points. 1.0e-6f is
     * the largest float not above the double 1e-6, so a float is above one exactly when it is
     * above the other. */
    {
        const float d = in->scale - out->scale;
        if ((d < 0.0f ? -d : d) > 1.0e-6f || in->zero_point != out->zero_point)
            return tq_tensor_fail(p, out, TINYOPS_ERR_UNSUPPORTED, TINYOPS_REASON_QUANT_MISMATCH);
    }
    if (in->rank != 4 || out->rank != 4 || in->dims[0] != out->dims[0] || in->dims[3] != out->dims[3])
        return tq_op_fail(p, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_SHAPE);
    r.batches = in->dims[0];
    r.in_h = in->dims[1];
    r.in_w = in->dims[2];
    r.channels = in->dims[3];
    r.out_h = out->dims[1];
    r.out_w = out->dims[2];
    if (!tq_window(p, o.padding, r.in_h, r.k_h, r.stride_h, 1, r.out_h, &r.pad_h) ||
        !tq_window(p, o.padding, r.in_w, r.k_w, r.stride_w, 1, r.out_w, &r.pad_w))
        return 0;
    if (average) {
        if ((int64_t)r.k_h * r.k_w > ((int64_t)1 << 23)) /* keeps the int32 window sum exact */
            return tq_op_fail(p, TINYOPS_ERR_LIMIT, TINYOPS_REASON_INDEX_RANGE);
        if (!windows_nonempty(r.in_h, r.k_h, r.stride_h, r.pad_h, r.out_h) ||
            !windows_nonempty(r.in_w, r.k_w, r.stride_w, r.pad_w, r.out_w))
            return tq_op_fail(p, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_EMPTY_WINDOW);
    }
    if (!tq_activation_range(p, o.activation, out, &r.act_min, &r.act_max)) return 0;
    return tq_record_io(p, average ? TQ_K_AVERAGE_POOL_2D : TQ_K_MAX_POOL_2D, &r, sizeof r, in, out);
}

int tq_prepare_average_pool_2d(tq_prep *p) { return prepare(p, 1); }

int tq_prepare_max_pool_2d(tq_prep *p) { return prepare(p, 0); }

/* The window of output position `o` clipped to the input: [*start, *end). */
static void clip(int32_t o, int32_t stride, int32_t pad, int32_t k, int32_t in, int32_t *origin, int32_t *start,
                 int32_t *end) {
    *origin = o * stride - pad;
    *start = *origin < 0 ? -*origin : 0;
    *end = in - *origin < k ? in - *origin : k;
}

#if TINYOPS_FAST_KERNELS
enum { POOL_FAST_CHANNELS = 256 };

#if defined(TQ_FAST_AVX2)
/* pool_fast with AVX2, eight channels as the lanes. The average's rounded division
 * (|sum| + count / 2) / count is taken in double: for positive integers a, b below 2^31 the
 * correctly rounded a / b is never rounded up to the next integer (a / b is at least 1 / b
 * below it, a relative gap of at least 1 / a, far more than 2^-53), so truncating it gives
 * the integer quotient. */
static TQ_AVX2_FN void pool_avx2(const tq_exec *x, const pool_record *r, int average) {
    const int8_t *input = (const int8_t *)tq_in(x, r->input);
    int8_t *output = (int8_t *)tq_out(x, r->output);
    const __m256i lo = _mm256_set1_epi32(r->act_min), hi = _mm256_set1_epi32(r->act_max);
    /* eight bytes are loaded (stored) at once where they lie inside the tensor; a store's
     * extra bytes are rewritten by the next pixel */
    const int8_t *input_end = input + r->batches * r->in_h * r->in_w * r->channels;
    const int8_t *output_end = output + r->batches * r->out_h * r->out_w * r->channels;
    int32_t b, oy, ox, c0, fy, fx;
    for (b = 0; b < r->batches; b++) {
        const int8_t *image = input + b * r->in_h * r->in_w * r->channels;
        for (oy = 0; oy < r->out_h; oy++) {
            int32_t y0, ys, ye;
            clip(oy, r->stride_h, r->pad_h, r->k_h, r->in_h, &y0, &ys, &ye);
            for (ox = 0; ox < r->out_w; ox++) {
                int32_t x0, xs, xe, count;
                __m256d divisor;
                __m256i half;
                clip(ox, r->stride_w, r->pad_w, r->k_w, r->in_w, &x0, &xs, &xe);
                count = (ye - ys) * (xe - xs);
                divisor = _mm256_set1_pd((double)count);
                half = _mm256_set1_epi32(count / 2);
                for (c0 = 0; c0 < r->channels; c0 += 8) {
                    const int32_t n = r->channels - c0 < 8 ? r->channels - c0 : 8;
                    __m256i acc = average ? _mm256_setzero_si256() : _mm256_set1_epi32(-128), v;
                    __m128i w;
                    int8_t bytes[16];
                    for (fy = ys; fy < ye; fy++)
                        for (fx = xs; fx < xe; fx++) {
                            const int8_t *slice = image + ((y0 + fy) * r->in_w + x0 + fx) * r->channels + c0;
                            if (n == 8 || slice + 8 <= input_end) {
                                v = _mm256_cvtepi8_epi32(_mm_loadl_epi64((const __m128i *)(const void *)slice));
                            } else {
                                memset(bytes, 0, 8);
                                memcpy(bytes, slice, (size_t)n);
                                v = _mm256_cvtepi8_epi32(_mm_loadl_epi64((const __m128i *)(const void *)bytes));
                            }
                            acc = average ? _mm256_add_epi32(acc, v) : _mm256_max_epi32(acc, v);
                        }
                    if (average) {
                        const __m256i a = _mm256_add_epi32(_mm256_abs_epi32(acc), half);
                        const __m128i q0 = _mm256_cvttpd_epi32(
                            _mm256_div_pd(_mm256_cvtepi32_pd(_mm256_castsi256_si128(a)), divisor));
                        const __m128i q1 = _mm256_cvttpd_epi32(
                            _mm256_div_pd(_mm256_cvtepi32_pd(_mm256_extracti128_si256(a, 1)), divisor));
                        acc = _mm256_sign_epi32(_mm256_inserti128_si256(_mm256_castsi128_si256(q0), q1, 1), acc);
                    }
                    acc = _mm256_min_epi32(_mm256_max_epi32(acc, lo), hi);
                    w = _mm_packs_epi32(_mm256_castsi256_si128(acc), _mm256_extracti128_si256(acc, 1));
                    w = _mm_packs_epi16(w, w);
                    if (output + 8 <= output_end) {
                        _mm_storel_epi64((__m128i *)(void *)output, w);
                    } else {
                        _mm_storeu_si128((__m128i *)(void *)bytes, w);
                        memcpy(output, bytes, (size_t)n);
                    }
                    output += n;
                }
            }
        }
    }
}
#endif

/* Host fast path: the same window walk with the channels innermost, so each window position
 * is one contiguous slice of the input (up to POOL_FAST_CHANNELS channels per pass). */
static void pool_fast(const tq_exec *x, const pool_record *r, int average) {
    int32_t acc[POOL_FAST_CHANNELS];
    const int8_t *input = (const int8_t *)tq_in(x, r->input);
    int8_t *output = (int8_t *)tq_out(x, r->output);
    int32_t b, oy, ox, c0, c, fy, fx;
#if defined(TQ_FAST_AVX2)
    if (tq_avx2_usable()) {
        pool_avx2(x, r, average);
        return;
    }
#endif
    for (b = 0; b < r->batches; b++) {
        const int8_t *image = input + b * r->in_h * r->in_w * r->channels;
        for (oy = 0; oy < r->out_h; oy++) {
            int32_t y0, ys, ye;
            clip(oy, r->stride_h, r->pad_h, r->k_h, r->in_h, &y0, &ys, &ye);
            for (ox = 0; ox < r->out_w; ox++) {
                int32_t x0, xs, xe, count;
                clip(ox, r->stride_w, r->pad_w, r->k_w, r->in_w, &x0, &xs, &xe);
                count = (ye - ys) * (xe - xs);
                for (c0 = 0; c0 < r->channels; c0 += POOL_FAST_CHANNELS) {
                    const int32_t n = r->channels - c0 < POOL_FAST_CHANNELS ? r->channels - c0 : POOL_FAST_CHANNELS;
                    for (c = 0; c < n; c++) acc[c] = average ? 0 : -128;
                    for (fy = ys; fy < ye; fy++)
                        for (fx = xs; fx < xe; fx++) {
                            const int8_t *slice = image + ((y0 + fy) * r->in_w + x0 + fx) * r->channels + c0;
                            if (average) {
                                for (c = 0; c < n; c++) acc[c] += slice[c];
                            } else {
                                for (c = 0; c < n; c++) acc[c] = slice[c] > acc[c] ? slice[c] : acc[c];
                            }
                        }
                    for (c = 0; c < n; c++) {
                        int32_t v = acc[c];
                        if (average) v = v > 0 ? (v + count / 2) / count : (v - count / 2) / count;
                        *output++ = (int8_t)tq_clamp(v, r->act_min, r->act_max);
                    }
                }
            }
        }
    }
}
#endif

/* input (n, h, w, c) -> output (n, oh, ow, c); rounded mean, ties away from zero */
void tq_eval_average_pool_2d(const tq_exec *x, const void *record) {
    const pool_record *r = (const pool_record *)record;
    const int8_t *input = (const int8_t *)tq_in(x, r->input);
    int8_t *output = (int8_t *)tq_out(x, r->output);
    int32_t b, oy, ox, c, fy, fx;
#if TINYOPS_FAST_KERNELS
    pool_fast(x, r, 1);
    return;
#endif
    for (b = 0; b < r->batches; b++) {
        const int8_t *image = input + b * r->in_h * r->in_w * r->channels;
        for (oy = 0; oy < r->out_h; oy++) {
            int32_t y0, ys, ye;
            clip(oy, r->stride_h, r->pad_h, r->k_h, r->in_h, &y0, &ys, &ye);
            for (ox = 0; ox < r->out_w; ox++) {
                int32_t x0, xs, xe, count;
                clip(ox, r->stride_w, r->pad_w, r->k_w, r->in_w, &x0, &xs, &xe);
                count = (ye - ys) * (xe - xs);
                for (c = 0; c < r->channels; c++) {
                    int32_t acc = 0;
                    for (fy = ys; fy < ye; fy++)
                        for (fx = xs; fx < xe; fx++) acc += image[((y0 + fy) * r->in_w + x0 + fx) * r->channels + c];
                    acc = acc > 0 ? (acc + count / 2) / count : (acc - count / 2) / count;
                    *output++ = (int8_t)tq_clamp(acc, r->act_min, r->act_max);
                }
            }
        }
    }
}

/* input (n, h, w, c) -> output (n, oh, ow, c) */
void tq_eval_max_pool_2d(const tq_exec *x, const void *record) {
    const pool_record *r = (const pool_record *)record;
    const int8_t *input = (const int8_t *)tq_in(x, r->input);
    int8_t *output = (int8_t *)tq_out(x, r->output);
    int32_t b, oy, ox, c, fy, fx;
#if TINYOPS_FAST_KERNELS
    pool_fast(x, r, 0);
    return;
#endif
    for (b = 0; b < r->batches; b++) {
        const int8_t *image = input + b * r->in_h * r->in_w * r->channels;
        for (oy = 0; oy < r->out_h; oy++) {
            int32_t y0, ys, ye;
            clip(oy, r->stride_h, r->pad_h, r->k_h, r->in_h, &y0, &ys, &ye);
            for (ox = 0; ox < r->out_w; ox++) {
                int32_t x0, xs, xe;
                clip(ox, r->stride_w, r->pad_w, r->k_w, r->in_w, &x0, &xs, &xe);
                for (c = 0; c < r->channels; c++) {
                    int32_t best = -128;
                    for (fy = ys; fy < ye; fy++)
                        for (fx = xs; fx < xe; fx++) {
                            const int32_t v = image[((y0 + fy) * r->in_w + x0 + fx) * r->channels + c];
                            if (v > best) best = v;
                        }
                    *output++ = (int8_t)tq_clamp(best, r->act_min, r->act_max);
                }
            }
        }
    }
}
