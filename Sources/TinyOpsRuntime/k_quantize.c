/* QUANTIZE (float32 -> int8, int8 -> int8) and DEQUANTIZE (int8 -> float32)
 * (TFLM reference_ops::AffineQuantize, Requantize, Dequantize). The float paths run float
 * arithmetic at invoke by nature; the int8 -> int8 path is integer-only. */
#include "fixedpoint.h"
#include "tinyops_internal.h"

typedef struct quantize_record {
    tq_ref input, output;
    int32_t count, input_zero_point, output_zero_point, multiplier, shift;
    float scale;
} quantize_record;

int tq_prepare_quantize(tq_prep *p) {
    tm_tensor in, out;
    quantize_record r;
    void *mem;
    if (!tq_counts(p, 1, 1, 1) || !tq_input(p, 0, &in) || !tq_output(p, 0, &out) || !tq_int8(p, &out)) return 0;
    if (out.scales.count != 1) return tq_tensor_fail(p, &out, TINYOPS_ERR_UNSUPPORTED, TINYOPS_REASON_PER_CHANNEL);
    if (in.count != out.count) return tq_op_fail(p, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_SHAPE);
    r.multiplier = r.shift = r.input_zero_point = 0;
    r.output_zero_point = (int32_t)out.zero_point;
    r.scale = out.scale;
    if (in.type == TINYOPS_FLOAT32) {
        p->kernel = TQ_K_QUANTIZE;
    } else if (in.type == TINYOPS_INT8) {
        if (!tq_int8(p, &in) || !tq_scale_multiplier(p, in.scale, 1.0f, out.scale, &r.multiplier, &r.shift))
            return 0;
        r.input_zero_point = (int32_t)in.zero_point;
        p->kernel = TQ_K_REQUANTIZE;
    } else {
        return tq_tensor_fail(p, &in, TINYOPS_ERR_UNSUPPORTED, TINYOPS_REASON_TYPE);
    }
    if (in.type == TINYOPS_FLOAT32 && !tq_const_aligned(p, &in)) return 0;
    r.count = (int32_t)in.count;
    r.input = tq_ref_of(p, &in);
    r.output = tq_ref_of(p, &out);
    if (!tq_alloc(p, (uint32_t)sizeof r, &mem)) return 0;
    if (mem != NULL) *(quantize_record *)mem = r;
    return 1;
}

int tq_prepare_dequantize(tq_prep *p) {
    tm_tensor in, out;
    quantize_record r;
    void *mem;
    if (!tq_counts(p, 1, 1, 1) || !tq_input(p, 0, &in) || !tq_output(p, 0, &out) || !tq_int8(p, &in)) return 0;
    if (out.type != TINYOPS_FLOAT32) return tq_tensor_fail(p, &out, TINYOPS_ERR_UNSUPPORTED, TINYOPS_REASON_TYPE);
    if (in.count != out.count) return tq_op_fail(p, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_SHAPE);
    r.count = (int32_t)in.count;
    r.input_zero_point = (int32_t)in.zero_point;
    r.output_zero_point = r.multiplier = r.shift = 0;
    r.scale = in.scale;
    r.input = tq_ref_of(p, &in);
    r.output = tq_ref_of(p, &out);
    if (!tq_alloc(p, (uint32_t)sizeof r, &mem)) return 0;
    if (mem != NULL) *(quantize_record *)mem = r;
    p->kernel = TQ_K_DEQUANTIZE;
    return 1;
}

/* float32 -> int8: round(x / scale) + zero point, saturated */
void tq_eval_quantize(const tq_exec *x, const void *record) {
    const quantize_record *r = (const quantize_record *)record;
    const float *input = (const float *)tq_in(x, r->input);
    int8_t *output = (int8_t *)tq_out(x, r->output);
    int32_t i;
    for (i = 0; i < r->count; i++) {
        const int32_t q = tq_f32_to_i32_x86(tq_roundf(input[i] / r->scale));
        output[i] = (int8_t)tq_clamp(tq_wrap_add(q, r->output_zero_point), -128, 127);
    }
}

/* int8 -> int8 with a different scale or zero point */
void tq_eval_requantize(const tq_exec *x, const void *record) {
    const quantize_record *r = (const quantize_record *)record;
    const int8_t *input = (const int8_t *)tq_in(x, r->input);
    int8_t *output = (int8_t *)tq_out(x, r->output);
    int32_t i;
    for (i = 0; i < r->count; i++) {
        const int32_t v = tq_wrap_add(tq_mbqm(input[i] - r->input_zero_point, r->multiplier, r->shift), r->output_zero_point);
        output[i] = (int8_t)tq_clamp(v, -128, 127);
    }
}

/* int8 -> float32: scale x (q - zero point). TFLM multiplies in double and rounds to float;
 * the double product of a float and a 9-bit integer is exact, so one float multiply
 * rounds to the same value. */
void tq_eval_dequantize(const tq_exec *x, const void *record) {
    const quantize_record *r = (const quantize_record *)record;
    const int8_t *input = (const int8_t *)tq_in(x, r->input);
    float *output = (float *)tq_out(x, r->output);
    int32_t i;
    for (i = 0; i < r->count; i++) output[i] = r->scale * (float)(input[i] - r->input_zero_point);
}
