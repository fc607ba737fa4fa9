/* RELU and RELU6, int8, as TFLM's activations_common.cc does them:
 * - RELU requantizes from the input to the output quantization, then clamps at zero;
 * - RELU6 clamps to [zero, six] in the INPUT's quantized domain and copies the value
 *   without requantizing, even when the output quantization differs. */
#include "fast_requant.h"
#include "fixedpoint.h"
#include "tinyops_internal.h"

typedef struct relu_record {
    tq_ref input, output;
    int32_t count, input_zero_point, output_zero_point, multiplier, shift, act_min, act_max;
} relu_record;

typedef struct relu6_record {
    tq_ref input, output;
    int32_t count, lower, upper;
} relu6_record;

static int tensors(tq_prep *p, tm_tensor *in, tm_tensor *out) {
    if (!tq_counts(p, 1, 1, 1) || !tq_input(p, 0, in) || !tq_output(p, 0, out) || !tq_int8(p, in) || !tq_int8(p, out))
        return 0;
    if (in->count != out->count) return tq_op_fail(p, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_SHAPE);
    return 1;
}

int tq_prepare_relu(tq_prep *p) {
    tm_tensor in, out;
    relu_record r;
    void *mem;
    if (!tensors(p, &in, &out)) return 0;
    /* CalculateReluOpData: the scale ratio is taken in float, then widened. */
    if (!tq_scale_multiplier(p, in.scale / out.scale, 1.0f, 1.0f, &r.multiplier, &r.shift)) return 0;
    r.act_min = (int32_t)out.zero_point > -128 ? (int32_t)out.zero_point : -128;
    r.act_max = 127;
    r.input_zero_point = (int32_t)in.zero_point;
    r.output_zero_point = (int32_t)out.zero_point;
    r.count = (int32_t)in.count;
    r.input = tq_ref_of(p, &in);
    r.output = tq_ref_of(p, &out);
    if (!tq_alloc(p, (uint32_t)sizeof r, &mem)) return 0;
    if (mem != NULL) *(relu_record *)mem = r;
    p->kernel = TQ_K_RELU;
    return 1;
}

int tq_prepare_relu6(tq_prep *p) {
    tm_tensor in, out;
    relu6_record r;
    void *mem;
    if (!tensors(p, &in, &out)) return 0;
    /* Relu6Prepare: six = FloatToQuantizedType<int8_t>(6, input scale, input zero point). */
    r.lower = (int32_t)in.zero_point;
    /* micro_utils.h: round(6 / scale) + zero_point is summed in floating point, then
     * converted (out of range converts to INT32_MIN on the x86-64 hosts TFLM is checked on). */
    r.upper = tq_clamp(tq_f32_to_i32_x86(tq_roundf(6.0f / in.scale) + (float)in.zero_point), -128, 127);
    r.count = (int32_t)in.count;
    r.input = tq_ref_of(p, &in);
    r.output = tq_ref_of(p, &out);
    if (!tq_alloc(p, (uint32_t)sizeof r, &mem)) return 0;
    if (mem != NULL) *(relu6_record *)mem = r;
    p->kernel = TQ_K_RELU6;
    return 1;
}

void tq_eval_relu(const tq_exec *x, const void *record) {
    const relu_record *r = (const relu_record *)record;
    const int8_t *input = (const int8_t *)tq_in(x, r->input);
    int8_t *output = (int8_t *)tq_out(x, r->output);
    int32_t i;
    for (i = 0; i < r->count; i++) {
        const int32_t v = tq_wrap_add(r->output_zero_point, tq_mbqm(input[i] - r->input_zero_point, r->multiplier, r->shift));
        output[i] = (int8_t)tq_clamp(v, r->act_min, r->act_max);
    }
}

void tq_eval_relu6(const tq_exec *x, const void *record) {
    const relu6_record *r = (const relu6_record *)record;
    const int8_t *input = (const int8_t *)tq_in(x, r->input);
    int8_t *output = (int8_t *)tq_out(x, r->output);
    int32_t i;
#if TINYOPS_FAST_KERNELS
    { /* Host fast path: the bounds in locals (the int8 stores may alias the record), and
       * with SSE2 sixteen values at once, as unsigned bytes (x ^ 0x80 keeps the order). */
        const int32_t lower = r->lower, upper = r->upper, n = r->count;
        i = 0;
#if defined(TQ_FAST_SSE2)
        if (lower <= upper) { /* else the clamp is not min(max()): the scalar loop */
            const __m128i flip = _mm_set1_epi8((char)0x80);
            const __m128i lo = _mm_set1_epi8((char)(lower ^ 0x80)), hi = _mm_set1_epi8((char)(upper ^ 0x80));
            for (; i + 16 <= n; i += 16) {
                const __m128i v = _mm_xor_si128(_mm_loadu_si128((const __m128i *)(const void *)(input + i)), flip);
                _mm_storeu_si128((__m128i *)(void *)(output + i), _mm_xor_si128(_mm_min_epu8(_mm_max_epu8(v, lo), hi), flip));
            }
        }
#endif
        for (; i < n; i++) {
            const int32_t v = input[i];
            output[i] = (int8_t)(v > upper ? upper : v < lower ? lower : v);
        }
        return;
    }
#endif
    for (i = 0; i < r->count; i++) {
        const int32_t v = input[i];
        output[i] = (int8_t)(v > r->upper ? r->upper : v < r->lower ? r->lower : v);
    }
}
