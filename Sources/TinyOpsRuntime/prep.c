/* Helpers shared by the kernels' prepare functions. */
#include "tinyops_internal.h"

#include "fixedpoint.h"

int tq_op_fail(tq_prep *p, tinyops_status status, tinyops_reason reason) {
    p->e->op_index = (int32_t)p->op_index;
    p->e->opcode = p->op.code;
    p->e->tensor_index = -1;
    return tq_fail(p->e, status, reason);
}

int tq_tensor_fail(tq_prep *p, const tm_tensor *t, tinyops_status status, tinyops_reason reason) {
    tq_op_fail(p, status, reason);
    p->e->tensor_index = t->index;
    return 0;
}

/* A failure inside the model view: keep its reason, add the operator. */
static int located(tq_prep *p) {
    p->e->op_index = (int32_t)p->op_index;
    p->e->opcode = p->op.code;
    return 0;
}

int tq_counts(tq_prep *p, uint32_t min_inputs, uint32_t max_inputs, uint32_t outputs) {
    if (p->op.inputs.count < min_inputs || p->op.inputs.count > max_inputs)
        return tq_op_fail(p, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_INPUT_COUNT);
    if (p->op.outputs.count != outputs) return tq_op_fail(p, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_OUTPUT_COUNT);
    return 1;
}

uint32_t tq_input_count(const tq_prep *p) { return p->op.inputs.count; }

int tq_optional_input(tq_prep *p, uint32_t slot, tm_tensor *t, int *present) {
    int32_t index;
    *present = 0;
    if (slot >= p->op.inputs.count) return 1;
    index = fb_vec_i32(&p->m->fb, &p->op.inputs, slot);
    if (index == -1) return 1;
    if (!tm_tensor_at(p->m, index, t, p->e)) return located(p);
    *present = 1;
    return 1;
}

int tq_input(tq_prep *p, uint32_t slot, tm_tensor *t) {
    int present;
    if (!tq_optional_input(p, slot, t, &present)) return 0;
    if (!present) return tq_op_fail(p, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_MISSING_TENSOR);
    return 1;
}

int tq_output(tq_prep *p, uint32_t slot, tm_tensor *t) {
    int32_t index;
    if (slot >= p->op.outputs.count) return tq_op_fail(p, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_OUTPUT_COUNT);
    index = fb_vec_i32(&p->m->fb, &p->op.outputs, slot);
    if (!tm_tensor_at(p->m, index, t, p->e)) return located(p);
    if (t->is_const) return tq_tensor_fail(p, t, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_CONSTANT_OUTPUT);
    return 1;
}

int tq_tensors(tq_prep *p, uint32_t min_inputs, uint32_t max_inputs, uint32_t loaded, tm_tensor *t) {
    uint32_t i;
    int present;
    if (!tq_counts(p, min_inputs, max_inputs, 1)) return 0;
    for (i = 0; i < loaded; i++) {
        if (!tq_optional_input(p, i, &t[i], &present)) return 0;
        if (!present) {
            if (i < min_inputs) return tq_op_fail(p, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_MISSING_TENSOR);
            t[i].index = -1;
        }
    }
    return tq_output(p, 0, &t[loaded]);
}

tq_ref tq_ref_of(const tq_prep *p, const tm_tensor *t) {
    if (t->is_const) return TQ_REF_MODEL | t->data_pos;
    if (p->plan == NULL) return 0;
    return p->plan[p->plan[t->index].root].offset;
}

int tq_same_storage(const tq_prep *p, const tm_tensor *a, const tm_tensor *b) {
    if (p->plan == NULL || a->is_const || b->is_const) return 0;
    return p->plan[a->index].root == p->plan[b->index].root;
}

int tq_alloc(tq_prep *p, uint32_t bytes, void **out) {
    uint32_t rounded = (bytes + 3u) & ~3u;
    *out = NULL;
    if (bytes > 0x7FFFFFFFu || p->used > 0x7FFFFFFFu - rounded)
        return tq_op_fail(p, TINYOPS_ERR_LIMIT, TINYOPS_REASON_ARENA_OVERFLOW);
    if (p->base != NULL) *out = p->base + p->used;
    p->used += rounded;
    return 1;
}

int tq_record(tq_prep *p, tq_kernel kernel, const void *record, uint32_t size, uint32_t extra, void **tail) {
    void *mem;
    uint32_t i;
    *tail = NULL;
    if (!tq_alloc(p, size + extra, &mem)) return 0;
    if (mem != NULL) {
        /* A byte loop, not a struct assignment: no memcpy call or inlined copy per kernel. */
        for (i = 0; i < size; i++) ((uint8_t *)mem)[i] = ((const uint8_t *)record)[i];
        *tail = (uint8_t *)mem + size;
    }
    p->kernel = kernel;
    return 1;
}

int tq_record_io(tq_prep *p, tq_kernel kernel, void *record, uint32_t size, const tm_tensor *in, const tm_tensor *out) {
    void *mem;
    ((tq_ref *)record)[0] = tq_ref_of(p, in);
    ((tq_ref *)record)[1] = tq_ref_of(p, out);
    return tq_record(p, kernel, record, size, 0, &mem);
}

int tq_type(tq_prep *p, const tm_tensor *t, int32_t type) {
    if (t->type == type) return 1;
    if (t->type == TINYOPS_FLOAT32 && type == TINYOPS_INT8)
        return tq_tensor_fail(p, t, TINYOPS_ERR_UNSUPPORTED, TINYOPS_REASON_FLOAT_MODEL);
    return tq_tensor_fail(p, t, TINYOPS_ERR_UNSUPPORTED, TINYOPS_REASON_TYPE);
}

int tq_int8(tq_prep *p, const tm_tensor *t) {
    if (!tq_type(p, t, TINYOPS_INT8)) return 0;
    if (!t->quantized || !tq_f32_positive_finite(t->scale))
        return tq_tensor_fail(p, t, TINYOPS_ERR_UNSUPPORTED, TINYOPS_REASON_NOT_QUANTIZED);
    if (t->zero_point < -128 || t->zero_point > 127)
        return tq_tensor_fail(p, t, TINYOPS_ERR_UNSUPPORTED, TINYOPS_REASON_ZERO_POINT);
    return 1;
}

int tq_same_quantization(tq_prep *p, const tm_tensor *a, const tm_tensor *b) {
    if (a->scale != b->scale || a->zero_point != b->zero_point)
        return tq_tensor_fail(p, b, TINYOPS_ERR_UNSUPPORTED, TINYOPS_REASON_QUANT_MISMATCH);
    return 1;
}

int tq_const_aligned(tq_prep *p, const tm_tensor *t) {
    if (t->is_const && ((uintptr_t)(p->model_memory + t->data_pos) & 3u) != 0)
        return tq_tensor_fail(p, t, TINYOPS_ERR_MISALIGNED, TINYOPS_REASON_CONSTANT_ALIGNMENT);
    return 1;
}

int tq_multiplier(tq_prep *p, const tq_real *real, int32_t *multiplier, int32_t *shift) {
    if (!tq_real_quantize_multiplier(real, multiplier, shift) || *shift > 30)
        return tq_op_fail(p, TINYOPS_ERR_UNSUPPORTED, TINYOPS_REASON_MULTIPLIER_RANGE);
    return 1;
}

int tq_scale_multiplier(tq_prep *p, float a, float b, float c, int32_t *multiplier, int32_t *shift) {
    tq_real x, y;
    tq_real_f32(&x, a);
    tq_real_f32(&y, b);
    tq_real_mul(&x, &x, &y); /* exact, as in double */
    tq_real_f32(&y, c);
    tq_real_div(&x, &x, &y);
    return tq_multiplier(p, &x, multiplier, shift);
}

/* TFLM kernel_util.cc Quantize(): zero_point + (int32)round(f / scale), in float. */
static int quantize_value(tq_prep *p, const tm_tensor *t, float f, int32_t *q) {
    const float r = tq_roundf(f / t->scale);
    if (!(r >= -2147483648.0f && r <= 2147483520.0f))
        return tq_tensor_fail(p, t, TINYOPS_ERR_UNSUPPORTED, TINYOPS_REASON_ACTIVATION);
    *q = tq_wrap_add((int32_t)t->zero_point, (int32_t)r);
    return 1;
}

int tq_activation_range(tq_prep *p, int32_t activation, const tm_tensor *output, int32_t *act_min,
                        int32_t *act_max) {
    int32_t q;
    *act_min = -128;
    *act_max = 127;
    if (activation == 0) return 1; /* NONE */
    /* TANH, SIGN_BIT and unknown values: TFLM would silently not clamp */
    if (activation < 0 || activation > 3) return tq_op_fail(p, TINYOPS_ERR_UNSUPPORTED, TINYOPS_REASON_ACTIVATION);
    /* RELU (1): [0, inf), RELU_N1_TO_1 (2): [-1, 1], RELU6 (3): [0, 6] */
    if (!quantize_value(p, output, activation == 2 ? -1.0f : 0.0f, &q)) return 0;
    if (q > *act_min) *act_min = q;
    if (activation == 1) return 1;
    if (!quantize_value(p, output, activation == 3 ? 6.0f : 1.0f, &q)) return 0;
    if (q < *act_max) *act_max = q;
    return 1;
}

int tq_same_shape(const tm_tensor *a, const tm_tensor *b) {
    int32_t i;
    if (a->rank != b->rank) return 0;
    for (i = 0; i < a->rank; i++)
        if (a->dims[i] != b->dims[i]) return 0;
    return 1;
}

int tq_window(tq_prep *p, int32_t padding, int32_t in, int32_t filter, int32_t stride, int32_t dilation,
              int32_t out, int32_t *pad) {
    int64_t effective, total, span;
    if (padding != 0 && padding != 1) return tq_op_fail(p, TINYOPS_ERR_UNSUPPORTED, TINYOPS_REASON_PADDING);
    if (stride < 1 || dilation < 1 || filter < 1)
        return tq_op_fail(p, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_PARAMETER);
    effective = ((int64_t)filter - 1) * dilation + 1;
    /* padding.h ComputeOutSizeChecked: SAME = 0, VALID = 1; the size is span / stride,
     * truncated toward zero. A negative span gives at most 0, never the size of a tensor
     * dimension (out >= 1); any other is below in + stride < 2^32: a 32-bit division. */
    span = padding == 0 ? (int64_t)in + stride - 1 : (int64_t)in + stride - effective;
    if (span < 0 || (uint32_t)span / (uint32_t)stride != (uint32_t)out)
        return tq_op_fail(p, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_OUTPUT_SHAPE);
    total = ((int64_t)out - 1) * stride + effective - in;
    *pad = (int32_t)(total > 0 ? total / 2 : 0);
    /* Every index the kernels form stays far from int32 overflow. */
    if (((int64_t)out - 1) * stride + effective + in + *pad > ((int64_t)1 << 30))
        return tq_op_fail(p, TINYOPS_ERR_LIMIT, TINYOPS_REASON_INDEX_RANGE);
    return 1;
}

int tq_channel_multipliers(tq_prep *p, const tm_tensor *in, const tm_tensor *w, const tm_tensor *out,
                           int32_t channels, void *tail) {
    int32_t *multipliers = (int32_t *)tail;
    int32_t c, m = 0, s = 0;
    for (c = 0; c < channels; c++) {
        const uint32_t k = w->scales.count > 1 ? (uint32_t)c : 0u;
        if (!tq_scale_multiplier(p, in->scale, fb_vec_f32(&p->m->fb, &w->scales, k), out->scale, &m, &s)) return 0;
        if (multipliers != NULL) { /* shifts follow the multipliers */
            multipliers[c] = m;
            ((int8_t *)(multipliers + channels))[c] = (int8_t)s;
        }
    }
    return 1;
}

int tq_check_per_channel(tq_prep *p, const tm_tensor *w, int32_t axis, int32_t channels) {
    if (!w->quantized) return tq_tensor_fail(p, w, TINYOPS_ERR_UNSUPPORTED, TINYOPS_REASON_NOT_QUANTIZED);
    if (w->scales.count == 1) return 1;
    if (w->quantized_dimension != axis || w->scales.count != (uint32_t)channels)
        return tq_tensor_fail(p, w, TINYOPS_ERR_UNSUPPORTED, TINYOPS_REASON_PER_CHANNEL);
    return 1;
}

int tq_check_bias_type_option(tq_prep *p, const fb_table *options, unsigned field) {
    int8_t type = 0;
    if (options == NULL) return 1;
    if (!fb_read(&p->m->fb, options, field, &type)) return tm_corrupt(p->m, p->e);
    /* flatbuffer_conversions.cc ConvertTensorType fails on values the schema does not define. */
    if (type < 0 || type > 22) return tq_op_fail(p, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_PARAMETER);
    return 1;
}

int tq_finish_weighted(tq_prep *p, const tm_tensor *t, int32_t activation, void *record, uint32_t layout,
                       int32_t channels) {
    uint8_t *bytes = (uint8_t *)record;
    int32_t *out = (int32_t *)(void *)(bytes + ((layout >> 16) & 0xFFu)); /* offset, act_min, act_max */
    uint32_t k;
    void *mem;
    *(int32_t *)(void *)(bytes + ((layout >> 8) & 0xFFu)) = -(int32_t)t[0].zero_point;
    out[0] = (int32_t)t[3].zero_point;
    if (!tq_activation_range(p, activation, &t[3], &out[1], &out[2])) return 0;
    for (k = 0; k < 4; k++) ((tq_ref *)record)[k] = t[k].index < 0 ? TQ_REF_NONE : tq_ref_of(p, &t[k]);
    return tq_record(p, (tq_kernel)(layout >> 24), record, layout & 0xFFu, 5u * (uint32_t)channels, &mem) &&
           tq_channel_multipliers(p, &t[0], &t[1], &t[3], channels, mem);
}
