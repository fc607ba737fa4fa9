/* FULLY_CONNECTED, int8 (TFLM reference_integer_ops::FullyConnected / FullyConnectedPerChannel). */
#include "fast_requant.h"
#include "fixedpoint.h"
#include "tinyops_internal.h"

/* Followed, when per_channel, by int32 multipliers[output_depth] and int8 shifts[output_depth]. */
typedef struct fc_record {
    tq_ref input, filter, bias, output;
    int32_t batches, accum_depth, output_depth;
    int32_t input_offset, filter_offset, output_offset;
    int32_t act_min, act_max;
    int32_t per_channel, multiplier, shift;
} fc_record;

enum { FC_ACTIVATION = 0, FC_WEIGHTS_FORMAT = 1, FC_QUANTIZED_BIAS_TYPE = 4 };

int tq_prepare_fully_connected(tq_prep *p) {
    /* activation, then weights_format, into o[0] and o[1] */
    static const fb_field_spec spec[2] = {{FC_ACTIVATION, 1, 0}, {FC_WEIGHTS_FORMAT, 1, 1}};
    tm_tensor t[4];
    tm_tensor *const in = &t[0], *const w = &t[1], *const bias = &t[2], *const out = &t[3];
    fc_record r;
    int has_bias;
    int8_t o[2] = {0, 0};
    int32_t rows;
    const fb_table *options = tm_options(&p->op, TM_OPT_FULLY_CONNECTED);
    if (!tq_tensors(p, 2, 3, 3, t)) return 0;
    has_bias = bias->index >= 0;
    if (options != NULL && !fb_read_fields(&p->m->fb, options, spec, 2, o)) return tm_corrupt(p->m, p->e);
    if (o[1] != 0) return tq_op_fail(p, TINYOPS_ERR_UNSUPPORTED, TINYOPS_REASON_WEIGHTS_FORMAT);
    if (!tq_check_bias_type_option(p, options, FC_QUANTIZED_BIAS_TYPE)) return 0;
    if (!tq_int8(p, in) || !tq_type(p, w, TINYOPS_INT8) || !tq_int8(p, out)) return 0;
    if (!w->quantized) return tq_tensor_fail(p, w, TINYOPS_ERR_UNSUPPORTED, TINYOPS_REASON_NOT_QUANTIZED);
    if (w->rank < 2 || out->rank < 1) return tq_op_fail(p, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_SHAPE);
    rows = w->dims[w->rank - 2];
    r.accum_depth = w->dims[w->rank - 1];
    r.output_depth = out->dims[out->rank - 1];
    r.batches = (int32_t)(out->count / (uint32_t)r.output_depth);
    if (r.output_depth > rows || (uint64_t)r.batches * (uint64_t)r.accum_depth != in->count)
        return tq_op_fail(p, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_SHAPE);
    if (has_bias) {
        if (!tq_type(p, bias, TINYOPS_INT32) || !tq_const_aligned(p, bias)) return 0;
        if (bias->count < (uint32_t)r.output_depth) return tq_tensor_fail(p, bias, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_SHAPE);
    }
    r.per_channel = w->scales.count > 1;
    r.multiplier = 0;
    r.shift = 0;
    r.filter_offset = 0;
    if (r.per_channel) {
        if (w->quantized_dimension < 0 || w->quantized_dimension >= w->rank ||
            w->scales.count != (uint32_t)w->dims[w->quantized_dimension] || w->scales.count < (uint32_t)r.output_depth)
            return tq_tensor_fail(p, w, TINYOPS_ERR_UNSUPPORTED, TINYOPS_REASON_PER_CHANNEL);
    } else {
        if (has_bias) {
            /* In double: |in * w - bias| / out <= 0.02. Rounding to nearest is symmetric, so
             * |round(in * w - bias)| is the rounded |difference| (NaN stays NaN). */
            static const tq_real two_percent = TQ_REAL_TWO_PERCENT;
            tq_real product, bias_scale, x;
            tq_real_f32(&product, in->scale);
            tq_real_f32(&x, w->scale);
            tq_real_mul(&product, &product, &x);
            tq_real_f32(&bias_scale, bias->scale);
            bias_scale.neg ^= 1u;
            tq_real_add(&x, &product, &bias_scale);
            x.neg = 0;
            tq_real_f32(&product, out->scale);
            tq_real_div(&x, &x, &product);
            if (tq_real_cmp(&x, &two_percent) > 0) /* greater, or NaN */
                return tq_tensor_fail(p, bias, TINYOPS_ERR_UNSUPPORTED, TINYOPS_REASON_BIAS_SCALE);
        }
        if (w->zero_point < -128 || w->zero_point > 127)
            return tq_tensor_fail(p, w, TINYOPS_ERR_UNSUPPORTED, TINYOPS_REASON_ZERO_POINT);
        /* GetQuantizedConvolutionMultipler: the product is taken in float. */
        if (!tq_scale_multiplier(p, in->scale * w->scale, 1.0f, out->scale, &r.multiplier, &r.shift)) return 0;
        r.filter_offset = -(int32_t)w->zero_point;
    }
    return tq_finish_weighted(p, t, o[0], &r,
                              TQ_WEIGHTED_LAYOUT(fc_record, input_offset, output_offset, TQ_K_FULLY_CONNECTED),
                              r.per_channel ? r.output_depth : 0);
}

#if defined(TQ_FAST_SSE2)
#include "fast_avx2.h"

enum { FC_FAST_DEPTH = 4096 }; /* |sum| <= 4096 * 255 * 255 < 2^31 */

#if defined(TQ_FAST_AVX2)
/* fully_connected_fast with AVX2: eight output channels per pass, each summed over sixteen
 * depth values at a time with vpmaddwd (int16 w + filter_offset times x + input_offset, the
 * input row widened once, zeros after its end), the eight sums reduced together with vphaddd,
 * then bias, requantization (tq_requant_x8), offset, clamp and store eight lanes at once. The
 * int32 sums are the portable loop's (integer sums in another order, no overflow within
 * FC_FAST_DEPTH). A row's last chunk is read from a copy when it would run past the filter's
 * end; before that, the values read past a row's end meet the zeros. About 8 KB of stack. */
static TQ_AVX2_FN int fully_connected_avx2(const tq_exec *x, const fc_record *r, const int32_t *multipliers,
                                           const int8_t *shifts) {
    int16_t row[FC_FAST_DEPTH + 16];
    const int8_t *input = (const int8_t *)tq_in(x, r->input);
    const int8_t *filter = (const int8_t *)tq_in(x, r->filter);
    const int32_t *bias = r->bias == TQ_REF_NONE ? NULL : (const int32_t *)tq_in(x, r->bias);
    int8_t *output = (int8_t *)tq_out(x, r->output);
    const int8_t *filter_end = filter + r->output_depth * r->accum_depth;
    const int32_t depth = r->accum_depth, padded = (depth + 15) & ~15;
    const __m256i filter_offset = _mm256_set1_epi16((int16_t)r->filter_offset);
    int32_t b, c0, d, j;
    if (depth > FC_FAST_DEPTH) return 0;
    for (b = 0; b < r->batches; b++) {
        const int8_t *in = input + b * depth;
        for (d = 0; d + 16 <= depth; d += 16)
            _mm256_storeu_si256((__m256i *)(void *)(row + d),
                                _mm256_add_epi16(_mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(const void *)(in + d))),
                                                 _mm256_set1_epi16((int16_t)r->input_offset)));
        for (; d < depth; d++) row[d] = (int16_t)(in[d] + r->input_offset);
        for (; d < padded; d++) row[d] = 0;
        for (c0 = 0; c0 < r->output_depth; c0 += 8) {
            const int32_t n = r->output_depth - c0 < 8 ? r->output_depth - c0 : 8;
            int32_t m[8] = {0, 0, 0, 0, 0, 0, 0, 0}, add[8] = {0, 0, 0, 0, 0, 0, 0, 0};
            int8_t shift[16] = {0}, bytes[16];
            __m256i acc[8], t0, t1, t2, t3, v, left, right;
            __m128i w;
            for (j = 0; j < 8; j++) {
                const int8_t *f = filter + (c0 + j) * depth;
                __m256i sum = _mm256_setzero_si256();
                acc[j] = sum;
                if (j >= n) continue;
                for (d = 0; d < padded; d += 16) {
                    __m128i chunk;
                    if (f + d + 16 <= filter_end) {
                        chunk = _mm_loadu_si128((const __m128i *)(const void *)(f + d));
                    } else {
                        int8_t tail[16] = {0};
                        memcpy(tail, f + d, (size_t)(depth - d));
                        chunk = _mm_loadu_si128((const __m128i *)(const void *)tail);
                    }
                    sum = _mm256_add_epi32(sum, _mm256_madd_epi16(_mm256_add_epi16(_mm256_cvtepi8_epi16(chunk), filter_offset),
                                                                  _mm256_loadu_si256((const __m256i *)(const void *)(row + d))));
                }
                acc[j] = sum;
            }
            /* lane j of the result: the sum of acc[j]'s eight lanes */
            t0 = _mm256_hadd_epi32(acc[0], acc[1]);
            t1 = _mm256_hadd_epi32(acc[2], acc[3]);
            t2 = _mm256_hadd_epi32(acc[4], acc[5]);
            t3 = _mm256_hadd_epi32(acc[6], acc[7]);
            t0 = _mm256_hadd_epi32(t0, t1);
            t2 = _mm256_hadd_epi32(t2, t3);
            v = _mm256_add_epi32(_mm256_permute2x128_si256(t0, t2, 0x20), _mm256_permute2x128_si256(t0, t2, 0x31));
            /* per-lane constants; lanes past the last channel hold zeros */
            if (bias != NULL) memcpy(add, bias + c0, (size_t)n * sizeof *add);
            if (shifts != NULL) {
                memcpy(m, multipliers + c0, (size_t)n * sizeof *m);
                memcpy(shift, shifts + c0, (size_t)n);
                t0 = _mm256_cvtepi8_epi32(_mm_loadl_epi64((const __m128i *)(const void *)shift));
            } else {
                for (j = 0; j < n; j++) m[j] = multipliers[0];
                t0 = _mm256_set1_epi32(r->shift);
            }
            left = _mm256_max_epi32(t0, _mm256_setzero_si256());
            right = _mm256_max_epi32(_mm256_sub_epi32(_mm256_setzero_si256(), t0), _mm256_setzero_si256());
            v = _mm256_sllv_epi32(_mm256_add_epi32(v, _mm256_loadu_si256((const __m256i *)(const void *)add)), left);
            t0 = _mm256_loadu_si256((const __m256i *)(const void *)m);
            /* half = 2^right / 2 */
            v = tq_requant_x8(v, t0, _mm256_srli_epi64(t0, 32),
                              _mm256_srli_epi32(_mm256_sllv_epi32(_mm256_set1_epi32(1), right), 1), right);
            v = _mm256_add_epi32(v, _mm256_set1_epi32(r->output_offset));
            v = _mm256_min_epi32(_mm256_max_epi32(v, _mm256_set1_epi32(r->act_min)), _mm256_set1_epi32(r->act_max));
            w = _mm_packs_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
            _mm_storeu_si128((__m128i *)(void *)bytes, _mm_packs_epi16(w, w));
            memcpy(output + b * r->output_depth + c0, bytes, (size_t)n);
        }
    }
    return 1;
}
#endif

/* Host fast path (TINYOPS_FAST_KERNELS with SSE2): the input row is widened once to int16
 * x + input_offset, each weight row to w + filter_offset on the fly, and pmaddwd sums the
 * same int32 terms as the portable loop below (in another order, without overflow). */
static int fully_connected_fast(const tq_exec *x, const fc_record *r, const int32_t *multipliers,
                                const int8_t *shifts, int32_t step) {
    int16_t row[FC_FAST_DEPTH];
    const int8_t *input = (const int8_t *)tq_in(x, r->input);
    const int8_t *filter = (const int8_t *)tq_in(x, r->filter);
    const int32_t *bias = r->bias == TQ_REF_NONE ? NULL : (const int32_t *)tq_in(x, r->bias);
    int8_t *output = (int8_t *)tq_out(x, r->output);
    const __m128i filter_offset = _mm_set1_epi16((int16_t)r->filter_offset);
    int32_t b, c, d;
    if (r->accum_depth > FC_FAST_DEPTH) return 0;
#if defined(TQ_FAST_AVX2)
    if (tq_avx2_usable()) return fully_connected_avx2(x, r, multipliers, shifts);
#endif
    for (b = 0; b < r->batches; b++) {
        const int8_t *in = input + b * r->accum_depth;
        for (d = 0; d < r->accum_depth; d++) row[d] = (int16_t)(in[d] + r->input_offset);
        for (c = 0; c < r->output_depth; c++) {
            const int8_t *w = filter + c * r->accum_depth;
            __m128i sums = _mm_setzero_si128();
            int32_t lanes[4], v;
            uint32_t acc;
            for (d = 0; d + 8 <= r->accum_depth; d += 8) {
                const __m128i w8 = _mm_loadl_epi64((const __m128i *)(const void *)(w + d));
                const __m128i w16 = _mm_add_epi16(_mm_srai_epi16(_mm_unpacklo_epi8(w8, w8), 8), filter_offset);
                sums = _mm_add_epi32(sums, _mm_madd_epi16(w16, _mm_loadu_si128((const __m128i *)(const void *)(row + d))));
            }
            _mm_storeu_si128((__m128i *)(void *)lanes, sums);
            acc = (uint32_t)lanes[0] + (uint32_t)lanes[1] + (uint32_t)lanes[2] + (uint32_t)lanes[3];
            for (; d < r->accum_depth; d++) acc += (uint32_t)((w[d] + r->filter_offset) * row[d]);
            if (bias != NULL) acc += (uint32_t)bias[c];
            v = tq_mbqm((int32_t)acc, multipliers[c * step], shifts != NULL ? shifts[c] : r->shift);
            output[b * r->output_depth + c] = (int8_t)tq_clamp(tq_wrap_add(v, r->output_offset), r->act_min, r->act_max);
        }
    }
    return 1;
}
#endif

/* input (batches, accum), filter (output_depth, accum), bias (output_depth) -> output (batches, output_depth) */
void tq_eval_fully_connected(const tq_exec *x, const void *record) {
    const fc_record *r = (const fc_record *)record;
    const int8_t *input = (const int8_t *)tq_in(x, r->input);
    const int8_t *filter = (const int8_t *)tq_in(x, r->filter);
    const int32_t *bias = r->bias == TQ_REF_NONE ? NULL : (const int32_t *)tq_in(x, r->bias);
    int8_t *output = (int8_t *)tq_out(x, r->output);
    const int32_t *multipliers = r->per_channel ? (const int32_t *)(const void *)(r + 1) : &r->multiplier;
    const int8_t *shifts = r->per_channel ? (const int8_t *)(multipliers + r->output_depth) : NULL;
    const int32_t step = r->per_channel ? 1 : 0;
    int32_t b, c, d;
#if defined(TQ_FAST_SSE2)
    if (fully_connected_fast(x, r, multipliers, shifts, step)) return;
#endif
    for (b = 0; b < r->batches; b++) {
        const int8_t *in = input + b * r->accum_depth;
        for (c = 0; c < r->output_depth; c++) {
            const int8_t *w = filter + c * r->accum_depth;
            uint32_t acc = 0;
            int32_t v;
            for (d = 0; d < r->accum_depth; d++)
                acc += (uint32_t)((w[d] + r->filter_offset) * (in[d] + r->input_offset));
            if (bias != NULL) acc += (uint32_t)bias[c];
            v = tq_mbqm_call((int32_t)acc, multipliers[c * step], shifts != NULL ? shifts[c] : r->shift);
            output[b * r->output_depth + c] = (int8_t)tq_clamp(tq_wrap_add(v, r->output_offset), r->act_min, r->act_max);
        }
    }
}
