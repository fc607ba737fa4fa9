/* SOFTMAX and LOGISTIC, int8 -> int8 with gemmlowp fixed-point exp
 * (TFLM reference_ops::Softmax and reference_integer_ops::Logistic). */
#include "fixedpoint.h"
#include "runtime_config.h"
#include "tinyops_internal.h"
#if TINYOPS_FAST_KERNELS
#include <string.h>

#include "fast_exp_avx2.h"
#endif

typedef struct softmax_record {
    tq_ref input, output;
    int32_t rows, depth;
    int32_t multiplier, left_shift, diff_min;
} softmax_record;

enum { SOFTMAX_BETA = 0 };
enum { SCALED_DIFF_INTEGER_BITS = 5, ACCUMULATION_INTEGER_BITS = 12 };

int tq_prepare_softmax(tq_prep *p) {
    static const tq_real int32_max = TQ_REAL_INT32_MAX; /* 2147483647.0 */
    tm_tensor t[2];
    tm_tensor *const in = &t[0], *const out = &t[1];
    softmax_record r;
    float beta = 0.0f;
    tq_real real, x;
    const fb_table *o = tm_options(&p->op, TM_OPT_SOFTMAX);
    if (!tq_tensors(p, 1, 1, 1, t)) return 0;
    if (o != NULL && !fb_read(&p->m->fb, o, SOFTMAX_BETA, &beta)) return tm_corrupt(p->m, p->e);
    if (!tq_int8(p, in) || !tq_type(p, out, TINYOPS_INT8)) return 0;
    if (!out->quantized || out->zero_point != -128 || out->scale != 0.00390625f)
        return tq_tensor_fail(p, out, TINYOPS_ERR_UNSUPPORTED, TINYOPS_REASON_SOFTMAX_OUTPUT);
    if (in->rank < 1 || !tq_same_shape(in, out)) return tq_op_fail(p, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_SHAPE);
    r.depth = in->dims[in->rank - 1];
    r.rows = (int32_t)(in->count / (uint32_t)r.depth);
    /* PreprocessSoftmaxScaling: beta x scale in Q5.26, capped, as a multiplier > 1.
     * In double: beta * scale * 2^26 (exact), at most 2^31 - 1, above 1. */
    tq_real_f32(&real, beta);
    tq_real_f32(&x, in->scale);
    tq_real_mul(&real, &real, &x);
    tq_real_scale2(&real, 31 - SCALED_DIFF_INTEGER_BITS);
    if (tq_real_cmp(&real, &int32_max) == 1) real = int32_max;
    tq_real_f32(&x, 1.0f);
    if (tq_real_cmp(&real, &x) != 1 || !tq_multiplier(p, &real, &r.multiplier, &r.left_shift) || r.left_shift < 0)
        return tq_op_fail(p, TINYOPS_ERR_UNSUPPORTED, TINYOPS_REASON_MULTIPLIER_RANGE);
    /* CalculateInputRadius(5, left_shift): floor(31 * 2^26 / 2^left_shift) */
    r.diff_min = -(int32_t)(((int64_t)31 << 26) >> r.left_shift);
    return tq_record_io(p, TQ_K_SOFTMAX, &r, sizeof r, in, out);
}

#if TINYOPS_FAST_KERNELS
enum { SOFTMAX_FAST_DEPTH = 256 };

#if defined(TQ_FAST_AVX2)
/* A row's exps (0 where the difference is below diff_min) into exps[], eight at a time with
 * AVX2 (fast_exp_avx2.h), the last 1-7 from a zero-padded copy; returns the sum of
 * tq_rdbpot(exp, 12) over the row, wrapping as the scalar sum does. */
static TQ_AVX2_FN int32_t softmax_exps_avx2(const softmax_record *r, const int8_t *in, int32_t max_in_row, int32_t *exps) {
    const __m256i max = _mm256_set1_epi32(max_in_row), below = _mm256_set1_epi32(r->diff_min);
    const __m256i multiplier = _mm256_set1_epi32(r->multiplier);
    const __m128i left = _mm_cvtsi32_si128(r->left_shift);
    __m256i sum = _mm256_setzero_si256();
    __m128i h;
    int32_t c;
    for (c = 0; c < r->depth; c += 8) {
        int8_t values[8] = {0, 0, 0, 0, 0, 0, 0, 0};
        int32_t e[8];
        const int32_t n = r->depth - c < 8 ? r->depth - c : 8;
        __m256i diff, keep, ex;
        memcpy(values, in + c, (size_t)n);
        diff = _mm256_sub_epi32(_mm256_cvtepi8_epi32(_mm_loadl_epi64((const __m128i *)(const void *)values)), max);
        /* diff >= diff_min, and within the row (the padding lanes add nothing) */
        keep = _mm256_andnot_si256(_mm256_cmpgt_epi32(below, diff),
                                   _mm256_cmpgt_epi32(_mm256_set1_epi32(n), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7)));
        /* tq_mbqm with a shift >= 0: a wrapping left shift, then the doubling high multiply */
        ex = tq_exp_on_negative_values_x8(tq_srdhm_x8(_mm256_sll_epi32(diff, left), multiplier), SCALED_DIFF_INTEGER_BITS);
        ex = _mm256_and_si256(ex, keep);
        sum = _mm256_add_epi32(sum, tq_rdbpot_x8(ex, ACCUMULATION_INTEGER_BITS)); /* 0 stays 0 */
        _mm256_storeu_si256((__m256i *)(void *)e, ex);
        memcpy(exps + c, e, (size_t)n * sizeof e[0]);
    }
    h = _mm_add_epi32(_mm256_castsi256_si128(sum), _mm256_extracti128_si256(sum, 1));
    h = _mm_add_epi32(h, _mm_shuffle_epi32(h, 0x4e));
    h = _mm_add_epi32(h, _mm_shuffle_epi32(h, 0xb1));
    return _mm_cvtsi128_si32(h);
}
#endif

/* Host fast path (runtime_config.h): the loop below with each value's exp computed once and
 * kept on the stack (1 KB) instead of twice, the requantization inlined. Same bytes. */
static int softmax_fast(const softmax_record *r, const int8_t *input, int8_t *output) {
    int32_t exps[SOFTMAX_FAST_DEPTH];
    int32_t i, c;
    if (r->depth > SOFTMAX_FAST_DEPTH) return 0;
    for (i = 0; i < r->rows; i++) {
        const int8_t *in = input + i * r->depth;
        int8_t *out = output + i * r->depth;
        int32_t max_in_row = -128, sum_of_exps = 0, shifted_scale, exponent;
        int num_bits_over_unit;
        for (c = 0; c < r->depth; c++)
            if (in[c] > max_in_row) max_in_row = in[c];
#if defined(TQ_FAST_AVX2)
        if (tq_avx2_usable()) sum_of_exps = softmax_exps_avx2(r, in, max_in_row, exps);
        else
#endif
        for (c = 0; c < r->depth; c++) {
            const int32_t diff = in[c] - max_in_row;
            exps[c] = 0;
            if (diff >= r->diff_min) {
                exps[c] = tq_exp_on_negative_values(tq_mbqm(diff, r->multiplier, r->left_shift), SCALED_DIFF_INTEGER_BITS);
                sum_of_exps = tq_wrap_add(sum_of_exps, tq_rdbpot(exps[c], ACCUMULATION_INTEGER_BITS));
            }
        }
        shifted_scale = tq_reciprocal(sum_of_exps, ACCUMULATION_INTEGER_BITS, &num_bits_over_unit);
        exponent = num_bits_over_unit + 31 - 8;
        if (exponent > 31) exponent = 31;
        if (exponent < 0) exponent = 0;
        for (c = 0; c < r->depth; c++) {
            const int32_t diff = in[c] - max_in_row;
            out[c] = -128;
            if (diff >= r->diff_min)
                out[c] = (int8_t)tq_clamp(tq_rdbpot(tq_srdhm(shifted_scale, exps[c]), exponent) - 128, -128, 127);
        }
    }
    return 1;
}
#endif

/* input (rows, depth) -> output (rows, depth), output scale 1/256, zero point -128 */
void tq_eval_softmax(const tq_exec *x, const void *record) {
    const softmax_record *r = (const softmax_record *)record;
    const int8_t *input = (const int8_t *)tq_in(x, r->input);
    int8_t *output = (int8_t *)tq_out(x, r->output);
    int32_t i, c;
#if TINYOPS_FAST_KERNELS
    if (softmax_fast(r, input, output)) return;
#endif
    for (i = 0; i < r->rows; i++) {
        const int8_t *in = input + i * r->depth;
        int8_t *out = output + i * r->depth;
        int32_t max_in_row = -128, sum_of_exps = 0, shifted_scale, exponent;
        int num_bits_over_unit;
        for (c = 0; c < r->depth; c++)
            if (in[c] > max_in_row) max_in_row = in[c];
        for (c = 0; c < r->depth; c++) {
            const int32_t diff = in[c] - max_in_row;
            if (diff >= r->diff_min) {
                const int32_t scaled = tq_mbqm_call(diff, r->multiplier, r->left_shift);
                sum_of_exps = tq_wrap_add(sum_of_exps, tq_rdbpot(tq_exp_on_negative_values(scaled, SCALED_DIFF_INTEGER_BITS),
                                                                 ACCUMULATION_INTEGER_BITS));
            }
        }
        shifted_scale = tq_reciprocal(sum_of_exps, ACCUMULATION_INTEGER_BITS, &num_bits_over_unit);
        exponent = num_bits_over_unit + 31 - 8;
        if (exponent > 31) exponent = 31; /* TFLM aborts here (TFLITE_CHECK); only rows > 512 wide reach it */
        if (exponent < 0) exponent = 0;
        for (c = 0; c < r->depth; c++) {
            const int32_t diff = in[c] - max_in_row;
            if (diff >= r->diff_min) {
                const int32_t scaled = tq_mbqm_call(diff, r->multiplier, r->left_shift);
                const int32_t e = tq_exp_on_negative_values(scaled, SCALED_DIFF_INTEGER_BITS);
                const int32_t unsat = tq_rdbpot(tq_srdhm_call(shifted_scale, e), exponent);
                out[c] = (int8_t)tq_clamp(unsat - 128, -128, 127);
            } else {
                out[c] = -128;
            }
        }
    }
}

typedef struct logistic_record {
    tq_ref input, output;
    int32_t count, input_zero_point, input_range_radius, multiplier, left_shift;
} logistic_record;

enum { LOGISTIC_INPUT_INTEGER_BITS = 4 };

int tq_prepare_logistic(tq_prep *p) {
    tm_tensor in, out;
    logistic_record r;
    int32_t exp;
    uint32_t q;
    tq_real scale;
    if (!tq_counts(p, 1, 1, 1) || !tq_input(p, 0, &in) || !tq_output(p, 0, &out) || !tq_int8(p, &in) ||
        !tq_int8(p, &out))
        return 0;
    if (out.zero_point != -128) return tq_tensor_fail(p, &out, TINYOPS_ERR_UNSUPPORTED, TINYOPS_REASON_LOGISTIC_OUTPUT);
    if (in.count != out.count) return tq_op_fail(p, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_SHAPE);
    /* logistic_common.cc: round(frexp(scale x 2^27) x 2^31), without QuantizeMultiplier's
     * adjustments; the scale is positive and finite (tq_int8). */
    tq_real_f32(&scale, in.scale);
    tq_real_scale2(&scale, 31 - LOGISTIC_INPUT_INTEGER_BITS);
    q = tq_real_frexp_q31(&scale, &exp);
    if (q >= 0x80000000u || exp < 0 || exp > 30)
        return tq_op_fail(p, TINYOPS_ERR_UNSUPPORTED, TINYOPS_REASON_MULTIPLIER_RANGE);
    r.multiplier = (int32_t)q;
    r.left_shift = exp;
    /* CalculateInputRadius(4, left_shift, 31): floor(15 * 2^27 / 2^left_shift) */
    r.input_range_radius = (int32_t)(((int64_t)15 << 27) >> exp);
    r.input_zero_point = (int32_t)in.zero_point;
    r.count = (int32_t)in.count;
    return tq_record_io(p, TQ_K_LOGISTIC, &r, sizeof r, &in, &out);
}

#if defined(TQ_FAST_AVX2)
/* Host fast path with AVX2 (fast_exp_avx2.h): the loop below on eight values at once, the
 * last 1-7 from a zero-padded copy on the stack. Same bytes. */
static TQ_AVX2_FN void logistic_avx2(const logistic_record *r, const int8_t *input, int8_t *output) {
    const __m256i zero_point = _mm256_set1_epi32(r->input_zero_point);
    const __m256i radius = _mm256_set1_epi32(r->input_range_radius);
    const __m256i minus_radius = _mm256_set1_epi32(-r->input_range_radius);
    const __m256i multiplier = _mm256_set1_epi32(r->multiplier);
    const __m128i left = _mm_cvtsi32_si128(r->left_shift);
    int32_t i;
    for (i = 0; i < r->count; i += 8) {
        int8_t in[8] = {0, 0, 0, 0, 0, 0, 0, 0}, out[8];
        const int32_t n = r->count - i < 8 ? r->count - i : 8;
        __m256i v, q0, y, low, high;
        __m128i bytes;
        memcpy(in, input + i, (size_t)n);
        v = _mm256_sub_epi32(_mm256_cvtepi8_epi32(_mm_loadl_epi64((const __m128i *)(const void *)in)), zero_point);
        /* tq_mbqm with a shift >= 0: a wrapping left shift, then the doubling high multiply */
        q0 = tq_logistic_q4_x8(tq_srdhm_x8(_mm256_sll_epi32(v, left), multiplier));
        y = _mm256_sub_epi32(tq_rdbpot_x8(q0, 31 - 8), _mm256_set1_epi32(128));
        low = _mm256_cmpgt_epi32(_mm256_add_epi32(minus_radius, _mm256_set1_epi32(1)), v); /* v <= -radius */
        high = _mm256_cmpgt_epi32(v, _mm256_sub_epi32(radius, _mm256_set1_epi32(1)));     /* v >= radius */
        y = _mm256_blendv_epi8(y, _mm256_set1_epi32(-128), low);
        y = _mm256_blendv_epi8(y, _mm256_set1_epi32(127), high);
        /* packs saturate to [-128, 127], tq_clamp's range */
        bytes = _mm_packs_epi32(_mm256_castsi256_si128(y), _mm256_extracti128_si256(y, 1));
        bytes = _mm_packs_epi16(bytes, bytes);
        _mm_storel_epi64((__m128i *)(void *)out, bytes);
        memcpy(output + i, out, (size_t)n);
    }
}
#endif

/* elementwise; output scale assumed 1/256 with zero point -128, as TFLM assumes */
void tq_eval_logistic(const tq_exec *x, const void *record) {
    const logistic_record *r = (const logistic_record *)record;
    const int8_t *input = (const int8_t *)tq_in(x, r->input);
    int8_t *output = (int8_t *)tq_out(x, r->output);
    int32_t i;
#if defined(TQ_FAST_AVX2)
    if (tq_avx2_usable()) {
        logistic_avx2(r, input, output);
        return;
    }
#endif
    for (i = 0; i < r->count; i++) {
        const int32_t v = input[i] - r->input_zero_point;
        if (v <= -r->input_range_radius) {
            output[i] = -128;
        } else if (v >= r->input_range_radius) {
            output[i] = 127;
        } else {
            const int32_t q4 = tq_mbqm_call(v, r->multiplier, r->left_shift);
            const int32_t q0 = tq_logistic_q4(q4);
            output[i] = (int8_t)tq_clamp(tq_rdbpot(q0, 31 - 8) - 128, -128, 127);
        }
    }
}
