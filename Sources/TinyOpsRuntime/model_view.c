#include "model_view.h"

#include <stddef.h>

#include "errors.h"

/* Field ids (schema.fbs). */
enum { MODEL_VERSION = 0, MODEL_OPCODES = 1, MODEL_SUBGRAPHS = 2, MODEL_BUFFERS = 4 };
enum { SG_TENSORS = 0, SG_INPUTS = 1, SG_OUTPUTS = 2, SG_OPERATORS = 3 };
enum { TENSOR_SHAPE = 0, TENSOR_TYPE = 1, TENSOR_BUFFER = 2, TENSOR_QUANT = 4,
       TENSOR_IS_VARIABLE = 5, TENSOR_SPARSITY = 6 };
enum { QUANT_SCALE = 2, QUANT_ZERO_POINT = 3, QUANT_DIMENSION = 6 };
enum { OP_OPCODE_INDEX = 0, OP_INPUTS = 1, OP_OUTPUTS = 2, OP_OPTIONS_TYPE = 3, OP_OPTIONS = 4 };
enum { CODE_DEPRECATED = 0, CODE_BUILTIN = 3 };
enum { BUFFER_DATA = 0, BUFFER_OFFSET = 1, BUFFER_SIZE = 2 };

int tm_corrupt(const tm_model *m, tinyops_error *e) {
    tq_fail(e, TINYOPS_ERR_MODEL_CORRUPT, m->fb.bad_reason);
    e->offset = m->fb.bad_offset;
    return 0;
}

uint32_t tm_type_size(int32_t type) {
    switch (type) {
    case TINYOPS_FLOAT32: case TINYOPS_INT32: return 4;
    case TINYOPS_INT8: case TINYOPS_UINT8: case TINYOPS_BOOL: return 1;
    case TINYOPS_INT16: return 2;
    case TINYOPS_INT64: return 8;
    default: return 0;
    }
}

static int host_is_little_endian(void) {
    const uint16_t probe = 1;
    return *(const uint8_t *)&probe == 1;
}

#define MODEL_VECTOR(id, member) {id, FB_VECTOR_OF(4), (uint8_t)offsetof(tm_model, member)}

int tm_open(tm_model *m, const uint8_t *data, size_t len, tinyops_error *e) {
    static const fb_field_spec root_spec[3] = {MODEL_VECTOR(MODEL_OPCODES, opcodes), MODEL_VECTOR(MODEL_BUFFERS, buffers),
                                               MODEL_VECTOR(MODEL_SUBGRAPHS, subgraphs)};
    static const fb_field_spec subgraph_spec[4] = {MODEL_VECTOR(SG_TENSORS, tensors), MODEL_VECTOR(SG_INPUTS, inputs),
                                                   MODEL_VECTOR(SG_OUTPUTS, outputs), MODEL_VECTOR(SG_OPERATORS, operators)};
    fb_table root;
    uint32_t version = 0;
    m->fb.data = data;
    m->fb.len = 0;
    m->fb.bad_offset = -1;
    m->fb.bad_reason = TINYOPS_REASON_NONE;
    if (!host_is_little_endian()) return tq_fail(e, TINYOPS_ERR_UNSUPPORTED, TINYOPS_REASON_BIG_ENDIAN_HOST);
    if (len > 0x7FFFFFFFu) return tq_fail(e, TINYOPS_ERR_LIMIT, TINYOPS_REASON_MODEL_TOO_LARGE);
    m->fb.len = (uint32_t)len;
    if (!fb_root(&m->fb, "TFL3", &root)) return tm_corrupt(m, e);
    if (!fb_read(&m->fb, &root, MODEL_VERSION, &version)) return tm_corrupt(m, e);
    if (version != 3) {
        tq_fail(e, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_SCHEMA_VERSION);
        e->offset = (int32_t)root.pos;
        return 0;
    }
    if (!fb_read_fields(&m->fb, &root, root_spec, 3, m)) return tm_corrupt(m, e);
    if (m->subgraphs.count == 0) return tq_fail(e, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_NO_SUBGRAPH);
    if (!fb_vector_table(&m->fb, &m->subgraphs, 0, &m->subgraph) ||
        !fb_read_fields(&m->fb, &m->subgraph, subgraph_spec, 4, m))
        return tm_corrupt(m, e);
    if (m->tensors.count > 65535u) return tq_fail(e, TINYOPS_ERR_LIMIT, TINYOPS_REASON_TOO_MANY_TENSORS);
    if (m->operators.count > TM_MAX_OPS) return tq_fail(e, TINYOPS_ERR_LIMIT, TINYOPS_REASON_TOO_MANY_OPS);
    return 1;
}

/* Constant data of buffer `index`: position and length (0 when the buffer is empty). */
typedef struct buffer_fields {
    fb_vector data;
    uint64_t offset, size;
} buffer_fields;

static int buffer_data(tm_model *m, uint32_t index, uint32_t *pos, uint32_t *len, tinyops_error *e) {
    static const fb_field_spec spec[3] = {{BUFFER_DATA, FB_VECTOR_OF(1), (uint8_t)offsetof(buffer_fields, data)},
                                          {BUFFER_OFFSET, 8, (uint8_t)offsetof(buffer_fields, offset)},
                                          {BUFFER_SIZE, 8, (uint8_t)offsetof(buffer_fields, size)}};
    fb_table buffer;
    buffer_fields f = {{0, 0}, 0, 0};
    *pos = 0;
    *len = 0;
    if (index >= m->buffers.count) return tq_fail(e, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_BAD_BUFFER_INDEX);
    if (!fb_vector_table(&m->fb, &m->buffers, index, &buffer) ||
        !fb_read_fields(&m->fb, &buffer, spec, 3, &f))
        return tm_corrupt(m, e);
    if (f.data.count > 0) {
        *pos = f.data.pos;
        *len = f.data.count;
    } else if (f.offset > 1) { /* large models keep buffers after the FlatBuffer */
        if (f.offset > m->fb.len || f.size > m->fb.len - f.offset) {
            tq_fail(e, TINYOPS_ERR_MODEL_CORRUPT, TINYOPS_REASON_OUT_OF_BOUNDS);
            e->offset = (int32_t)buffer.pos;
            return 0;
        }
        *pos = (uint32_t)f.offset;
        *len = (uint32_t)f.size;
    }
    return 1;
}

static int read_quantization(tm_model *m, const fb_table *tensor, tm_tensor *t, tinyops_error *e) {
    static const fb_field_spec quant_spec[3] = {
        {QUANT_SCALE, FB_VECTOR_OF(4), (uint8_t)offsetof(tm_tensor, scales)},
        {QUANT_ZERO_POINT, FB_VECTOR_OF(8), (uint8_t)offsetof(tm_tensor, zero_points)},
        {QUANT_DIMENSION, 4, (uint8_t)offsetof(tm_tensor, quantized_dimension)}};
    fb_table q;
    int present = 0;
    t->quantized = 0;
    t->scale = 0.0f;
    t->zero_point = 0;
    t->scales.pos = t->scales.count = 0;
    t->zero_points.pos = t->zero_points.count = 0;
    t->quantized_dimension = 0;
    if (!fb_subtable(&m->fb, tensor, TENSOR_QUANT, &q, &present)) return tm_corrupt(m, e);
    if (!present) return 1;
    if (!fb_read_fields(&m->fb, &q, quant_spec, 3, t)) return tm_corrupt(m, e);
    if (t->scales.count > 0 && t->zero_points.count > 0) {
        t->quantized = 1;
        t->scale = fb_vec_f32(&m->fb, &t->scales, 0);
        t->zero_point = fb_vec_i64(&m->fb, &t->zero_points, 0);
    }
    return 1;
}

/* Tensor table scalars (read in this order). */
typedef struct tensor_fields {
    fb_vector shape;
    uint32_t buffer;
    int8_t type;
    uint8_t is_variable;
} tensor_fields;

#define TENSOR_FIELD(id, member) {id, (uint8_t)sizeof(((tensor_fields *)0)->member), (uint8_t)offsetof(tensor_fields, member)}

int tm_tensor_at(tm_model *m, int32_t index, tm_tensor *t, tinyops_error *e) {
    static const fb_field_spec spec[4] = {
        {TENSOR_SHAPE, FB_VECTOR_OF(4), (uint8_t)offsetof(tensor_fields, shape)}, TENSOR_FIELD(TENSOR_TYPE, type),
        TENSOR_FIELD(TENSOR_BUFFER, buffer), TENSOR_FIELD(TENSOR_IS_VARIABLE, is_variable)};
    fb_table tensor, sparsity;
    tensor_fields f = {{0, 0}, 0, 0, 0};
    uint32_t i, count = 1;
    uint64_t wide;
    int has_sparsity = 0;
    if (index < 0 || (uint32_t)index >= m->tensors.count) {
        tq_fail(e, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_BAD_TENSOR_INDEX);
        e->tensor_index = index;
        return 0;
    }
    e->tensor_index = index;
    if (!fb_vector_table(&m->fb, &m->tensors, (uint32_t)index, &tensor) ||
        !fb_read_fields(&m->fb, &tensor, spec, 4, &f) ||
        !fb_subtable(&m->fb, &tensor, TENSOR_SPARSITY, &sparsity, &has_sparsity))
        return tm_corrupt(m, e);
    if (f.is_variable) return tq_fail(e, TINYOPS_ERR_UNSUPPORTED, TINYOPS_REASON_VARIABLE_TENSOR);
    if (has_sparsity) return tq_fail(e, TINYOPS_ERR_UNSUPPORTED, TINYOPS_REASON_SPARSE_TENSOR);
    if (f.shape.count > TINYOPS_MAX_DIMS) return tq_fail(e, TINYOPS_ERR_LIMIT, TINYOPS_REASON_RANK);
    t->index = index;
    t->type = f.type;
    t->rank = (int32_t)f.shape.count;
    for (i = 0; i < TINYOPS_MAX_DIMS; i++) t->dims[i] = 1;
    for (i = 0; i < f.shape.count; i++) {
        int32_t d = fb_vec_i32(&m->fb, &f.shape, i);
        if (d < 0) return tq_fail(e, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_NEGATIVE_DIM);
        if (d == 0) return tq_fail(e, TINYOPS_ERR_UNSUPPORTED, TINYOPS_REASON_ZERO_SIZED);
        t->dims[i] = d;
        /* 32 x 32 -> 64-bit products (one umull on Cortex-M), not 64 x 64 */
        wide = (uint64_t)count * (uint32_t)d;
        if (wide > 0x7FFFFFFFu) return tq_fail(e, TINYOPS_ERR_LIMIT, TINYOPS_REASON_TENSOR_TOO_LARGE);
        count = (uint32_t)wide;
    }
    t->count = count;
    t->elem_size = tm_type_size(f.type);
    wide = (uint64_t)count * t->elem_size;
    if (wide > 0x7FFFFFFFu) return tq_fail(e, TINYOPS_ERR_LIMIT, TINYOPS_REASON_TENSOR_TOO_LARGE);
    t->bytes = (uint32_t)wide;
    if (!buffer_data(m, f.buffer, &t->data_pos, &t->data_len, e)) return 0;
    t->is_const = t->data_len > 0;
    if (t->is_const && (t->elem_size == 0 || t->data_len < t->bytes))
        return tq_fail(e, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_BUFFER_SIZE);
    if (!read_quantization(m, &tensor, t, e)) return 0;
    e->tensor_index = -1;
    return 1;
}

typedef struct code_fields {
    int32_t builtin;
    int8_t deprecated;
} code_fields;

int tm_op_at(tm_model *m, uint32_t index, tm_op *op, tinyops_error *e) {
    static const fb_field_spec op_spec[3] = {{OP_INPUTS, FB_VECTOR_OF(4), (uint8_t)offsetof(tm_op, inputs)},
                                             {OP_OUTPUTS, FB_VECTOR_OF(4), (uint8_t)offsetof(tm_op, outputs)},
                                             {OP_OPTIONS_TYPE, 1, (uint8_t)offsetof(tm_op, options_type)}};
    /* OperatorCode: deprecated_builtin_code (int8), then builtin_code (int32) */
    static const fb_field_spec code_spec[2] = {{CODE_DEPRECATED, 1, (uint8_t)offsetof(code_fields, deprecated)},
                                               {CODE_BUILTIN, 4, (uint8_t)offsetof(code_fields, builtin)}};
    fb_table table, code;
    uint32_t opcode_index = 0;
    code_fields c = {0, 0};
    if (index >= m->operators.count) return tq_fail(e, TINYOPS_ERR_ARGUMENT, TINYOPS_REASON_BAD_INDEX);
    if (!fb_vector_table(&m->fb, &m->operators, index, &table) ||
        !fb_read(&m->fb, &table, OP_OPCODE_INDEX, &opcode_index))
        return tm_corrupt(m, e);
    if (opcode_index >= m->opcodes.count)
        return tq_fail(e, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_BAD_OPCODE_INDEX);
    if (!fb_vector_table(&m->fb, &m->opcodes, opcode_index, &code) ||
        !fb_read_fields(&m->fb, &code, code_spec, 2, &c))
        return tm_corrupt(m, e);
    /* schema_utils.cc: the larger of the two fields is the code. */
    op->code = c.builtin > c.deprecated ? c.builtin : c.deprecated;
    e->opcode = op->code;
    op->options_type = 0;
    if (!fb_read_fields(&m->fb, &table, op_spec, 3, op) ||
        !fb_subtable(&m->fb, &table, OP_OPTIONS, &op->options, &op->has_options))
        return tm_corrupt(m, e);
    return 1;
}

int tm_graph_io(tm_model *m, int outputs, uint32_t i, int32_t *tensor, tinyops_error *e) {
    const fb_vector *v = outputs ? &m->outputs : &m->inputs;
    if (i >= v->count) return tq_fail(e, TINYOPS_ERR_ARGUMENT, TINYOPS_REASON_BAD_INDEX);
    *tensor = fb_vec_i32(&m->fb, v, i);
    if (*tensor < 0 || (uint32_t)*tensor >= m->tensors.count) {
        tq_fail(e, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_BAD_TENSOR_INDEX);
        e->tensor_index = *tensor;
        return 0;
    }
    return 1;
}

const fb_table *tm_options(const tm_op *op, uint8_t type) {
    return op->has_options && op->options_type == type ? &op->options : NULL;
}
