/* Shape arithmetic and slicing: SHAPE, STRIDED_SLICE, PACK (TFLM shape.cc, strided_slice.cc,
 * pack.cc). The TensorFlow converter emits SHAPE -> STRIDED_SLICE -> PACK -> RESHAPE for a
 * Flatten with a dynamic batch. Like the data movement in k_shape.c these kernels copy raw
 * elements, so they write the bytes TFLM writes for every type they accept; int8 inputs and
 * outputs must share one quantization (the restriction the quantization spec sets). */
#include <string.h>

#include "tinyops_internal.h"

/* Element types STRIDED_SLICE and PACK move: TFLM's float32, int8, int16 and int32 (int64
 * needs 8-byte activations, which the planner does not place); STRIDED_SLICE also bool. */
static int movable(tq_prep *p, const tm_tensor *t, int bool_ok) {
    switch (t->type) {
    case TINYOPS_FLOAT32: case TINYOPS_INT16: case TINYOPS_INT32: return 1;
    case TINYOPS_INT8: return tq_int8(p, t);
    case TINYOPS_BOOL: if (bool_ok) return 1; break;
    default: break;
    }
    return tq_tensor_fail(p, t, TINYOPS_ERR_UNSUPPORTED, TINYOPS_REASON_TYPE);
}

/* `in` holds elements of the output's type (and quantization). */
static int same_elements(tq_prep *p, const tm_tensor *in, const tm_tensor *out) {
    if (in->type != out->type) return tq_tensor_fail(p, in, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_TYPE_MISMATCH);
    if (out->type == TINYOPS_INT8) return tq_int8(p, in) && tq_same_quantization(p, out, in);
    return 1;
}

/* ---- SHAPE ---- */

typedef struct shape_record {
    tq_ref output;
    int32_t rank;
    int32_t dims[TINYOPS_MAX_DIMS];
} shape_record;

/* shape.cc writes the input's dimensions as int32. Shapes are static, so the record holds
 * the answer and eval only stores it. */
int tq_prepare_shape(tq_prep *p) {
    tm_tensor in, out;
    shape_record r;
    int32_t d;
    void *mem;
    if (!tq_counts(p, 1, 1, 1) || !tq_input(p, 0, &in) || !tq_output(p, 0, &out)) return 0;
    if (out.type == TINYOPS_INT64) return tq_tensor_fail(p, &out, TINYOPS_ERR_UNSUPPORTED, TINYOPS_REASON_SHAPE_INT64);
    if (!tq_type(p, &out, TINYOPS_INT32)) return 0;
    if (out.rank != 1 || out.dims[0] != in.rank)
        return tq_op_fail(p, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_OUTPUT_SHAPE);
    r.output = tq_ref_of(p, &out);
    r.rank = in.rank;
    for (d = 0; d < TINYOPS_MAX_DIMS; d++) r.dims[d] = d < in.rank ? in.dims[d] : 0;
    if (!tq_alloc(p, (uint32_t)sizeof r, &mem)) return 0;
    if (mem != NULL) *(shape_record *)mem = r;
    p->kernel = TQ_K_SHAPE;
    return 1;
}

void tq_eval_shape(const tq_exec *x, const void *record) {
    const shape_record *r = (const shape_record *)record;
    memcpy(tq_out(x, r->output), r->dims, 4u * (size_t)r->rank);
}

/* ---- STRIDED_SLICE ---- */

/* TFLM's kernel takes inputs of rank <= 4 and runs them as 5-D with leading axes of size 1;
 * here they run as 4-D the same way. */
enum { SLICE_DIMS = 4 };
enum { SS_BEGIN_MASK = 0, SS_END_MASK = 1, SS_ELLIPSIS_MASK = 2, SS_NEW_AXIS_MASK = 3, SS_SHRINK_MASK = 4,
       SS_OFFSET = 5 };

typedef struct slice_record {
    tq_ref input, output;
    int32_t elem_size;
    int32_t first;             /* byte offset of the first element read */
    int32_t count[SLICE_DIMS]; /* elements taken per axis, outer first (leading axes 1) */
    int32_t step[SLICE_DIMS];  /* bytes between two of them, negative for stride < 0 */
    int32_t run;               /* bytes of one contiguous innermost run, 0 if strided */
} slice_record;

/* begin, end or strides: a constant int32 vector with one entry per input axis (TFLM reads
 * that many int32 values whatever the tensor is). */
static int slice_vector(tq_prep *p, uint32_t slot, int32_t rank, const uint8_t **values) {
    tm_tensor t;
    if (!tq_input(p, slot, &t)) return 0;
    if (!t.is_const) return tq_tensor_fail(p, &t, TINYOPS_ERR_UNSUPPORTED, TINYOPS_REASON_NOT_CONSTANT);
    if (!tq_type(p, &t, TINYOPS_INT32)) return 0;
    if (t.rank > 1 || t.count != (uint32_t)rank) return tq_tensor_fail(p, &t, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_SHAPE);
    *values = p->m->fb.data + t.data_pos;
    return 1;
}

static int32_t element(const uint8_t *values, int32_t d) { return fb_i32_from_u32(fb_load_u32(values + 4 * d)); }

static int32_t clamp32(int32_t v, int32_t lo, int32_t hi) { return v < lo ? lo : v > hi ? hi : v; }

static int bit(int32_t mask, int32_t d) { return (int)(((uint32_t)mask >> d) & 1u); }

/* Axis `d` as TFLM's eval walks it (strided_slice_logic.h StridedSliceStartForAxis and
 * StridedSliceEndForAxis, offset false): the first index and how many elements it takes.
 * Every sum stays in int32 (a negative index plus the size); counts divide unsigned. */
static void slice_axis(int32_t size, int32_t begin, int32_t end, int32_t stride, int begin_masked, int end_masked,
                       int shrink, int32_t *start, int32_t *count) {
    const int32_t lo = stride > 0 ? 0 : -1, hi = stride > 0 ? size : size - 1;
    int32_t stop;
    *start = clamp32(begin < 0 ? begin + size : begin, lo, hi);
    if (begin_masked) *start = stride > 0 ? 0 : size - 1;
    if (shrink) {
        stop = *start >= size ? *start : *start + 1;
    } else {
        stop = clamp32(end < 0 ? end + size : end, lo, hi);
        if (end_masked) stop = stride > 0 ? size : -1;
    }
    if (stride > 0)
        *count = stop > *start ? (int32_t)((uint32_t)(stop - *start - 1) / (uint32_t)stride) + 1 : 0;
    else
        *count = *start > stop ? (int32_t)((uint32_t)(*start - stop - 1) / (0u - (uint32_t)stride)) + 1 : 0;
}

/* strided_slice_common.cc: constant begin/end/strides, begin_mask, end_mask and
 * shrink_axis_mask; TFLM drops ellipsis_mask, new_axis_mask and offset, which would give
 * another result than TensorFlow, so they are refused. A shrunk axis must yield one element
 * (TFLM's eval writes nothing there otherwise). The output shape is checked with integer
 * division; TFLM's float ceil agrees for axes shorter than 2^24. */
int tq_prepare_strided_slice(tq_prep *p) {
    tm_tensor in, out;
    slice_record r;
    const uint8_t *begin, *end, *strides;
    int32_t masks[5] = {0, 0, 0, 0, 0};
    int32_t start, count, step_bytes;
    uint8_t offset = 0;
    int32_t d, kept = 0, pad;
    unsigned f;
    void *mem;
    const fb_table *o = tm_options(&p->op, TM_OPT_STRIDED_SLICE);
    if (!tq_counts(p, 4, 4, 1) || !tq_input(p, 0, &in) || !tq_output(p, 0, &out)) return 0;
    for (f = 0; o != NULL && f < 5; f++)
        if (!fb_read(&p->m->fb, o, f, &masks[f])) return tm_corrupt(p->m, p->e);
    if (o != NULL && !fb_read(&p->m->fb, o, SS_OFFSET, &offset)) return tm_corrupt(p->m, p->e);
    if (masks[SS_ELLIPSIS_MASK] != 0 || masks[SS_NEW_AXIS_MASK] != 0 || offset != 0)
        return tq_op_fail(p, TINYOPS_ERR_UNSUPPORTED, TINYOPS_REASON_SLICE_MASK);
    if (!movable(p, &out, 1) || !same_elements(p, &in, &out)) return 0;
    if (in.rank > SLICE_DIMS) return tq_tensor_fail(p, &in, TINYOPS_ERR_UNSUPPORTED, TINYOPS_REASON_SLICE_RANK);
    if (!slice_vector(p, 1, in.rank, &begin) || !slice_vector(p, 2, in.rank, &end) ||
        !slice_vector(p, 3, in.rank, &strides))
        return 0;
    pad = SLICE_DIMS - in.rank;
    for (d = 0; d < SLICE_DIMS; d++) {
        r.count[d] = 1;
        r.step[d] = 0;
    }
    r.first = 0;
    step_bytes = (int32_t)out.elem_size;
    for (d = in.rank - 1; d >= 0; d--) {
        const int32_t stride = element(strides, d);
        const int shrink = bit(masks[SS_SHRINK_MASK], d);
        if (stride == 0) return tq_op_fail(p, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_PARAMETER);
        slice_axis(in.dims[d], element(begin, d), element(end, d), stride, bit(masks[SS_BEGIN_MASK], d),
                   bit(masks[SS_END_MASK], d), shrink, &start, &count);
        if (shrink && count != 1) return tq_op_fail(p, TINYOPS_ERR_UNSUPPORTED, TINYOPS_REASON_SLICE_SHRINK);
        if (count < 1) return tq_op_fail(p, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_OUTPUT_SHAPE);
        /* count >= 1 puts start inside the axis and count >= 2 bounds |stride| by the axis, so
         * no product exceeds the input's bytes. */
        r.count[pad + d] = count;
        r.step[pad + d] = count > 1 ? stride * step_bytes : 0;
        r.first += start * step_bytes;
        step_bytes *= in.dims[d];
    }
    for (d = 0; d < in.rank; d++) {
        if (bit(masks[SS_SHRINK_MASK], d)) continue;
        if (kept >= out.rank || out.dims[kept] != r.count[pad + d])
            return tq_op_fail(p, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_OUTPUT_SHAPE);
        kept++;
    }
    if (kept != out.rank) return tq_op_fail(p, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_OUTPUT_SHAPE);
    r.input = tq_ref_of(p, &in);
    r.output = tq_ref_of(p, &out);
    r.elem_size = (int32_t)out.elem_size;
    r.run = r.count[SLICE_DIMS - 1] == 1 || r.step[SLICE_DIMS - 1] == r.elem_size
        ? r.count[SLICE_DIMS - 1] * r.elem_size : 0;
    if (!tq_alloc(p, (uint32_t)sizeof r, &mem)) return 0;
    if (mem != NULL) *(slice_record *)mem = r;
    p->kernel = TQ_K_STRIDED_SLICE;
    return 1;
}

/* The output in order: the selected elements of the three outer axes, then the innermost
 * axis as one contiguous run or element by element. */
void tq_eval_strided_slice(const tq_exec *x, const void *record) {
    const slice_record *r = (const slice_record *)record;
    const uint8_t *in = (const uint8_t *)tq_in(x, r->input) + r->first;
    uint8_t *out = (uint8_t *)tq_out(x, r->output);
    const size_t es = (size_t)r->elem_size;
    int32_t a, b, c, k;
    for (a = 0; a < r->count[0]; a++) {
        for (b = 0; b < r->count[1]; b++) {
            for (c = 0; c < r->count[2]; c++) {
                const uint8_t *row = in + ((ptrdiff_t)a * r->step[0] + (ptrdiff_t)b * r->step[1] + (ptrdiff_t)c * r->step[2]);
                if (r->run != 0) {
                    memcpy(out, row, (size_t)r->run);
                    out += r->run;
                } else {
                    for (k = 0; k < r->count[3]; k++, out += es) memcpy(out, row + (ptrdiff_t)k * r->step[3], es);
                }
            }
        }
    }
}

/* ---- PACK ---- */

/* Followed by `inputs` input references. */
typedef struct pack_record {
    tq_ref output;
    int32_t inputs;
    int32_t outer; /* product of the output dimensions before the axis */
    int32_t bytes; /* one input's bytes per step of the outer dimensions */
} pack_record;

enum { PACK_VALUES_COUNT = 0, PACK_AXIS = 1 };

/* pack.cc: output (outer, values_count, inner) from values_count inputs (outer, inner) of
 * one shape. TFLM has no prepare and trusts values_count, so it is checked here. */
int tq_prepare_pack(tq_prep *p) {
    tm_tensor in, out;
    pack_record r;
    int32_t values = 0, axis = 0, d, inner = 1;
    uint32_t i;
    tq_ref *refs;
    void *mem;
    const fb_table *o = tm_options(&p->op, TM_OPT_PACK);
    if (!tq_counts(p, 1, 0xFFFFFFFFu, 1) || !tq_output(p, 0, &out)) return 0;
    if (o != NULL && (!fb_read(&p->m->fb, o, PACK_VALUES_COUNT, &values) || !fb_read(&p->m->fb, o, PACK_AXIS, &axis)))
        return tm_corrupt(p->m, p->e);
    if (values < 1 || (uint32_t)values != tq_input_count(p))
        return tq_op_fail(p, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_INPUT_COUNT);
    if (!movable(p, &out, 0)) return 0;
    if (axis < 0) axis += out.rank;
    if (axis < 0 || axis >= out.rank) return tq_op_fail(p, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_AXIS);
    if (out.dims[axis] != values) return tq_op_fail(p, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_OUTPUT_SHAPE);
    for (d = axis + 1; d < out.rank; d++) inner *= out.dims[d];
    r.output = tq_ref_of(p, &out);
    r.inputs = values;
    r.outer = (int32_t)(out.count / ((uint32_t)values * (uint32_t)inner));
    r.bytes = inner * (int32_t)out.elem_size;
    if (!tq_alloc(p, (uint32_t)sizeof r + 4u * (uint32_t)values, &mem)) return 0;
    refs = mem == NULL ? NULL : (tq_ref *)(void *)((pack_record *)mem + 1);
    for (i = 0; i < (uint32_t)values; i++) {
        if (!tq_input(p, i, &in) || !same_elements(p, &in, &out)) return 0;
        if (in.rank != out.rank - 1) return tq_tensor_fail(p, &in, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_SHAPE);
        for (d = 0; d < in.rank; d++)
            if (in.dims[d] != out.dims[d < axis ? d : d + 1])
                return tq_tensor_fail(p, &in, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_SHAPE);
        if (refs != NULL) refs[i] = tq_ref_of(p, &in);
    }
    if (mem != NULL) *(pack_record *)mem = r;
    p->kernel = TQ_K_PACK;
    return 1;
}

void tq_eval_pack(const tq_exec *x, const void *record) {
    const pack_record *r = (const pack_record *)record;
    const tq_ref *refs = (const tq_ref *)(const void *)(r + 1);
    const size_t bytes = (size_t)r->bytes, row = bytes * (size_t)r->inputs;
    uint8_t *out = (uint8_t *)tq_out(x, r->output);
    int32_t i, k;
    for (i = 0; i < r->inputs; i++) {
        const uint8_t *in = (const uint8_t *)tq_in(x, refs[i]);
        for (k = 0; k < r->outer; k++) memcpy(out + (size_t)k * row + (size_t)i * bytes, in + (size_t)k * bytes, bytes);
    }
}
