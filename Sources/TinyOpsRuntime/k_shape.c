/* Data movement: RESHAPE / EXPAND_DIMS / SQUEEZE (shared storage or a copy), PAD / PADV2,
 * CONCATENATION. These move raw elements, so they accept any type with a fixed size. */
#include <string.h>

#include "runtime_config.h"
#include "tinyops_internal.h"

typedef struct copy_record {
    tq_ref input, output;
    uint32_t bytes;
} copy_record;

enum { OP_SQUEEZE = 43, OP_EXPAND_DIMS = 70, SQUEEZE_DIMS = 0 };

/* squeeze.cc: every listed axis exists and has size 1 (no list: every size-1 axis), and the
 * output is the input without those axes. */
static int check_squeeze(tq_prep *p, const tm_tensor *in, const tm_tensor *out) {
    fb_vector dims = {0, 0};
    uint32_t i, squeezed = 0;
    int32_t d, kept = 0;
    const fb_table *o = tm_options(&p->op, 30 /* SqueezeOptions */);
    if (o != NULL && !fb_vector_field(&p->m->fb, o, SQUEEZE_DIMS, 4, &dims)) return tm_corrupt(p->m, p->e);
    for (i = 0; i < dims.count; i++) {
        int32_t axis = fb_vec_i32(&p->m->fb, &dims, i);
        if (axis < 0) axis += in->rank;
        if (axis < 0 || axis >= in->rank || in->dims[axis] != 1)
            return tq_op_fail(p, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_AXIS);
        squeezed |= 1u << axis;
    }
    for (d = 0; d < in->rank; d++) {
        const int drop = dims.count == 0 ? in->dims[d] == 1 : (int)((squeezed >> d) & 1u);
        if (drop) continue;
        if (kept >= out->rank || out->dims[kept] != in->dims[d])
            return tq_op_fail(p, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_OUTPUT_SHAPE);
        kept++;
    }
    if (kept != out->rank) return tq_op_fail(p, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_OUTPUT_SHAPE);
    return 1;
}

/* expand_dims.cc: a constant int32 axis, and the output is the input with a 1 inserted there. */
static int check_expand_dims(tq_prep *p, const tm_tensor *in, const tm_tensor *out) {
    tm_tensor axis;
    int32_t a, d;
    if (!tq_input(p, 1, &axis)) return 0;
    if (!axis.is_const || axis.type != TINYOPS_INT32 || axis.rank > 1 || axis.count != 1)
        return tq_tensor_fail(p, &axis, TINYOPS_ERR_UNSUPPORTED, TINYOPS_REASON_NOT_CONSTANT);
    a = fb_i32_from_u32(fb_load_u32(p->m->fb.data + axis.data_pos));
    if (a < 0) a += in->rank + 1;
    if (a < 0 || a > in->rank || out->rank != in->rank + 1)
        return tq_tensor_fail(p, &axis, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_AXIS);
    for (d = 0; d < out->rank; d++)
        if (out->dims[d] != (d < a ? in->dims[d] : d == a ? 1 : in->dims[d - 1]))
            return tq_op_fail(p, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_OUTPUT_SHAPE);
    return 1;
}

/* RESHAPE's shape input only restates the output shape, which the model has. */
int tq_prepare_reshape(tq_prep *p) {
    tm_tensor t[2];
    tm_tensor *const in = &t[0], *const out = &t[1];
    copy_record r;
    if (!tq_tensors(p, p->op.code == OP_EXPAND_DIMS ? 2 : 1, p->op.code == OP_SQUEEZE ? 1 : 2, 1, t)) return 0;
    if (in->type != out->type) return tq_tensor_fail(p, out, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_TYPE_MISMATCH);
    if (in->elem_size == 0) return tq_tensor_fail(p, in, TINYOPS_ERR_UNSUPPORTED, TINYOPS_REASON_TYPE);
    if (in->count != out->count) return tq_op_fail(p, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_SHAPE);
    /* Checks of operators left out by tinyops_config.h compile away. */
    if (TINYOPS_OP_SQUEEZE && p->op.code == OP_SQUEEZE && !check_squeeze(p, in, out)) return 0;
    if (TINYOPS_OP_EXPAND_DIMS && p->op.code == OP_EXPAND_DIMS && !check_expand_dims(p, in, out)) return 0;
    r.bytes = out->bytes;
    return tq_record_io(p, tq_same_storage(p, in, out) ? TQ_K_NOP : TQ_K_COPY, &r, sizeof r, in, out);
}

void tq_eval_nop(const tq_exec *x, const void *record) {
    (void)x;
    (void)record;
}

/* A plain byte loop: a firmware that links no other memcpy does not pull one in for this. */
void tq_eval_copy(const tq_exec *x, const void *record) {
    const copy_record *r = (const copy_record *)record;
    uint8_t *out = (uint8_t *)tq_out(x, r->output);
    const uint8_t *in = (const uint8_t *)tq_in(x, r->input);
    uint32_t i;
    for (i = 0; i < r->bytes; i++) out[i] = in[i];
}

typedef struct pad_record {
    tq_ref input, output;
    int32_t rank, elem_size, rows;
    int32_t in_dims[TINYOPS_MAX_DIMS], out_dims[TINYOPS_MAX_DIMS], before[TINYOPS_MAX_DIMS];
    uint8_t value[4]; /* one element of padding */
} pad_record;

int tq_prepare_pad(tq_prep *p) {
    tm_tensor in, paddings, constant, out;
    pad_record r;
    int has_constant = 0;
    int32_t d;
    const uint8_t *pads;
    if (!tq_counts(p, 2, 3, 1) || !tq_input(p, 0, &in) || !tq_input(p, 1, &paddings) ||
        !tq_optional_input(p, 2, &constant, &has_constant) || !tq_output(p, 0, &out))
        return 0;
    if (in.type != out.type) return tq_tensor_fail(p, &out, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_TYPE_MISMATCH);
    if (in.type == TINYOPS_INT8) {
        if (!tq_int8(p, &in) || !tq_int8(p, &out)) return 0;
    } else if (in.type != TINYOPS_FLOAT32) {
        return tq_tensor_fail(p, &in, TINYOPS_ERR_UNSUPPORTED, TINYOPS_REASON_TYPE);
    }
    if (!paddings.is_const) return tq_tensor_fail(p, &paddings, TINYOPS_ERR_UNSUPPORTED, TINYOPS_REASON_NOT_CONSTANT);
    if (!tq_type(p, &paddings, TINYOPS_INT32)) return 0;
    if (in.rank != out.rank || in.rank < 1 || paddings.count != 2u * (uint32_t)out.rank)
        return tq_op_fail(p, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_SHAPE);
    pads = p->m->fb.data + paddings.data_pos;
    r.rank = out.rank;
    r.elem_size = (int32_t)out.elem_size;
    r.rows = (int32_t)(out.count / (uint32_t)out.dims[out.rank - 1]);
    for (d = 0; d < TINYOPS_MAX_DIMS; d++) r.in_dims[d] = r.out_dims[d] = r.before[d] = 0;
    for (d = 0; d < out.rank; d++) {
        const int32_t before = fb_i32_from_u32(fb_load_u32(pads + 8u * (uint32_t)d));
        const int32_t after = fb_i32_from_u32(fb_load_u32(pads + 8u * (uint32_t)d + 4u));
        if (before < 0 || after < 0 || (int64_t)in.dims[d] + before + after != out.dims[d])
            return tq_tensor_fail(p, &paddings, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_OUTPUT_SHAPE);
        r.in_dims[d] = in.dims[d];
        r.out_dims[d] = out.dims[d];
        r.before[d] = before;
    }
    memset(r.value, 0, sizeof r.value);
    if (has_constant) {
        if (constant.type != in.type || constant.count != 1 || !constant.is_const)
            return tq_tensor_fail(p, &constant, TINYOPS_ERR_UNSUPPORTED, TINYOPS_REASON_TYPE);
        if (in.type == TINYOPS_INT8 && (!constant.quantized || !tq_same_quantization(p, &out, &constant))) return 0;
        memcpy(r.value, p->m->fb.data + constant.data_pos, out.elem_size);
    } else if (in.type == TINYOPS_INT8) {
        r.value[0] = (uint8_t)(int8_t)out.zero_point;
    }
    return tq_record_io(p, TQ_K_PAD, &r, sizeof r, &in, &out);
}

static void fill(uint8_t *out, const uint8_t *value, int32_t elem_size, int32_t count) {
    int32_t i;
    if (elem_size == 1) {
        memset(out, value[0], (size_t)count);
    } else {
        for (i = 0; i < count; i++) memcpy(out + (size_t)i * (size_t)elem_size, value, (size_t)elem_size);
    }
}

#if TINYOPS_FAST_KERNELS
/* Host fast paths of PAD and CONCATENATION (runtime_config.h): the same bytes as the
 * portable loops below, in fewer and wider moves. */

/* n bytes from src to dst (not overlapping) in moves of fixed size, which compilers inline:
 * the short copies of PAD's and CONCATENATION's rows would otherwise each be a call. */
static inline void copy_bytes(uint8_t *dst, const uint8_t *src, size_t n) {
    if (n >= 16) {
        size_t i = 0;
        for (; i + 16 <= n; i += 16) memcpy(dst + i, src + i, 16);
        if (i < n) memcpy(dst + n - 16, src + n - 16, 16); /* the last 16, overlapping */
    } else if (n >= 8) {
        memcpy(dst, src, 8);
        memcpy(dst + n - 8, src + n - 8, 8);
    } else if (n >= 4) {
        memcpy(dst, src, 4);
        memcpy(dst + n - 4, src + n - 4, 4);
    } else {
        size_t i;
        for (i = 0; i < n; i++) dst[i] = src[i];
    }
}

/* int8 PAD: the output filled with the padding value at once, then the input's runs copied
 * in. The innermost axes without padding make one run with the first padded axis outside
 * them (`axis`), so a [1, 8, 8, 3] -> [1, 10, 10, 3] image moves eight runs of 24 bytes. */
static void pad_fast(const pad_record *r, const uint8_t *input, uint8_t *out) {
    int32_t index[TINYOPS_MAX_DIMS] = {0, 0, 0, 0, 0, 0};
    int32_t out_stride[TINYOPS_MAX_DIMS];
    int32_t axis = r->rank - 1, d, run = 1, runs = 1, total = 1;
    while (axis >= 0 && r->in_dims[axis] == r->out_dims[axis]) axis--;
    for (d = r->rank - 1; d >= 0; d--) {
        out_stride[d] = total;
        total *= r->out_dims[d];
    }
    if (axis < 0) { /* nothing to pad */
        memcpy(out, input, (size_t)total);
        return;
    }
    for (d = axis; d < r->rank; d++) run *= r->in_dims[d];
    for (d = 0; d < axis; d++) runs *= r->in_dims[d];
    memset(out, r->value[0], (size_t)total);
    for (; runs > 0; runs--, input += run) {
        int32_t at = r->before[axis] * out_stride[axis];
        for (d = 0; d < axis; d++) at += (index[d] + r->before[d]) * out_stride[d];
        copy_bytes(out + at, input, (size_t)run);
        for (d = axis - 1; d >= 0; d--) { /* next run: odometer over the input's outer dims */
            if (++index[d] < r->in_dims[d]) break;
            index[d] = 0;
        }
    }
}
#endif

/* Output rows (all dims but the last) in order; a row inside the input on every outer
 * axis is [padding][input row][padding], any other row is all padding. */
void tq_eval_pad(const tq_exec *x, const void *record) {
    const pad_record *r = (const pad_record *)record;
    const uint8_t *input = (const uint8_t *)tq_in(x, r->input);
    uint8_t *out = (uint8_t *)tq_out(x, r->output);
    const int32_t last = r->rank - 1, es = r->elem_size;
    const int32_t row_bytes = r->out_dims[last] * es, in_row_bytes = r->in_dims[last] * es;
    int32_t index[TINYOPS_MAX_DIMS] = {0, 0, 0, 0, 0, 0};
    int32_t row, d;
#if TINYOPS_FAST_KERNELS
    if (es == 1) {
        pad_fast(r, input, out);
        return;
    }
#endif
    for (row = 0; row < r->rows; row++, out += row_bytes) {
        int32_t in_row = 0, inside = 1;
        for (d = 0; d < last; d++) {
            const int32_t i = index[d] - r->before[d];
            if (i < 0 || i >= r->in_dims[d]) inside = 0;
            in_row = in_row * r->in_dims[d] + i;
        }
        if (!inside) {
            fill(out, r->value, es, r->out_dims[last]);
        } else {
            const int32_t after = r->out_dims[last] - r->in_dims[last] - r->before[last];
            fill(out, r->value, es, r->before[last]);
            memcpy(out + r->before[last] * es, input + (size_t)in_row * (size_t)in_row_bytes, (size_t)in_row_bytes);
            fill(out + r->before[last] * es + in_row_bytes, r->value, es, after);
        }
        for (d = last - 1; d >= 0; d--) { /* next row: odometer over the outer dims */
            if (++index[d] < r->out_dims[d]) break;
            index[d] = 0;
        }
    }
}

/* Followed by `inputs` (ref, bytes per outer step) pairs. */
typedef struct concat_record {
    tq_ref output;
    int32_t inputs, outer;
} concat_record;

enum { CONCAT_AXIS = 0, CONCAT_ACTIVATION = 1 };
#if TINYOPS_FAST_KERNELS
enum { CONCAT_FAST_INPUTS = 16 }; /* inputs whose addresses the fast path keeps on the stack */
#endif

int tq_prepare_concatenation(tq_prep *p) {
    tm_tensor in, out;
    concat_record r;
    int32_t axis = 0, d, sum = 0, inner = 1;
    int8_t activation = 0;
    uint32_t i;
    uint32_t *pairs;
    void *mem;
    const fb_table *o = tm_options(&p->op, TM_OPT_CONCATENATION);
    if (!tq_counts(p, 1, 0xFFFFFFFFu, 1) || !tq_output(p, 0, &out)) return 0;
    if (o != NULL && (!fb_read(&p->m->fb, o, CONCAT_AXIS, &axis) || !fb_read(&p->m->fb, o, CONCAT_ACTIVATION, &activation)))
        return tm_corrupt(p->m, p->e);
    if (activation != 0) return tq_op_fail(p, TINYOPS_ERR_UNSUPPORTED, TINYOPS_REASON_ACTIVATION);
    if (out.elem_size == 0) return tq_tensor_fail(p, &out, TINYOPS_ERR_UNSUPPORTED, TINYOPS_REASON_TYPE);
    if (out.type == TINYOPS_INT8 && !tq_int8(p, &out)) return 0;
    if (axis < 0) axis += out.rank;
    if (axis < 0 || axis >= out.rank) return tq_op_fail(p, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_AXIS);
    for (d = axis + 1; d < out.rank; d++) inner *= out.dims[d];
    r.outer = (int32_t)(out.count / (uint32_t)(out.dims[axis] * inner));
    r.inputs = (int32_t)tq_input_count(p);
    r.output = tq_ref_of(p, &out);
    if (!tq_alloc(p, (uint32_t)sizeof r + 8u * (uint32_t)r.inputs, &mem)) return 0;
    pairs = mem == NULL ? NULL : (uint32_t *)(void *)((concat_record *)mem + 1);
    for (i = 0; i < (uint32_t)r.inputs; i++) {
        if (!tq_input(p, i, &in)) return 0;
        if (in.type != out.type) return tq_tensor_fail(p, &in, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_TYPE_MISMATCH);
        if (out.type == TINYOPS_INT8 && (!tq_int8(p, &in) || !tq_same_quantization(p, &out, &in))) return 0;
        if (in.rank != out.rank) return tq_op_fail(p, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_SHAPE);
        for (d = 0; d < out.rank; d++)
            if (d != axis && in.dims[d] != out.dims[d]) return tq_op_fail(p, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_SHAPE);
        sum += in.dims[axis];
        if (sum > out.dims[axis]) return tq_op_fail(p, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_SHAPE);
        if (pairs != NULL) {
            pairs[2 * i] = tq_ref_of(p, &in);
            pairs[2 * i + 1] = (uint32_t)(in.dims[axis] * inner) * out.elem_size;
        }
    }
    if (sum != out.dims[axis]) return tq_op_fail(p, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_SHAPE);
    if (mem != NULL) *(concat_record *)mem = r;
    p->kernel = TQ_K_CONCATENATION;
    return 1;
}

/* inputs (outer, d_i, inner) -> output (outer, sum d_i, inner) */
void tq_eval_concatenation(const tq_exec *x, const void *record) {
    const concat_record *r = (const concat_record *)record;
    const uint32_t *pairs = (const uint32_t *)(const void *)(r + 1);
    uint8_t *out = (uint8_t *)tq_out(x, r->output);
    int32_t o, i;
#if TINYOPS_FAST_KERNELS
    /* The inputs' addresses looked up once, each outer step's pieces copied inline. */
    if (r->inputs <= CONCAT_FAST_INPUTS) {
        const uint8_t *in[CONCAT_FAST_INPUTS];
        for (i = 0; i < r->inputs; i++) in[i] = (const uint8_t *)tq_in(x, pairs[2 * i]);
        for (o = 0; o < r->outer; o++) {
            for (i = 0; i < r->inputs; i++) {
                const uint32_t bytes = pairs[2 * i + 1];
                copy_bytes(out, in[i] + (size_t)o * bytes, bytes);
                out += bytes;
            }
        }
        return;
    }
#endif
    for (o = 0; o < r->outer; o++) {
        for (i = 0; i < r->inputs; i++) {
            const uint32_t bytes = pairs[2 * i + 1];
            memcpy(out, (const uint8_t *)tq_in(x, pairs[2 * i]) + (size_t)o * bytes, bytes);
            out += bytes;
        }
    }
}
