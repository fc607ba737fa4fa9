/* A checked view of a .tflite model (TFLite schema v3, subgraph 0).
 *
 * Field ids follow tensorflow/compiler/mlir/lite/schema/schema.fbs. Every accessor goes
 * through the bounds-checked FlatBuffer reader and fills a tinyops_error on failure. */
#ifndef TINYOPS_MODEL_VIEW_H
#define TINYOPS_MODEL_VIEW_H

#include "fb_reader.h"

/* Operator limit: lifetimes are 16-bit steps (0 = graph inputs, ops, last = outputs). */
#define TM_MAX_OPS 65000u

typedef struct tm_model {
    fb_buffer fb;
    fb_table subgraph;
    fb_vector opcodes;
    fb_vector buffers;
    fb_vector subgraphs;
    fb_vector tensors;
    fb_vector operators;
    fb_vector inputs;
    fb_vector outputs;
} tm_model;

/* A tensor of subgraph 0, with the facts kernels and the planner need. */
typedef struct tm_tensor {
    int32_t index;
    int32_t type;       /* TensorType */
    int32_t rank;
    int32_t dims[TINYOPS_MAX_DIMS];
    uint32_t count;     /* elements */
    uint32_t bytes;     /* count * element size */
    uint32_t elem_size; /* 0 for types the runtime cannot size */
    int is_const;       /* has buffer data */
    uint32_t data_pos;  /* position of the constant data in the model */
    uint32_t data_len;
    int quantized;      /* scale and zero point vectors both non-empty */
    float scale;        /* first scale */
    int64_t zero_point; /* first zero point */
    fb_vector scales;   /* float32 */
    fb_vector zero_points; /* int64 */
    int32_t quantized_dimension;
} tm_tensor;

/* An operator of subgraph 0. */
typedef struct tm_op {
    int32_t code;        /* builtin operator code */
    fb_vector inputs;    /* int32 tensor indices, -1 = absent */
    fb_vector outputs;
    uint8_t options_type; /* BuiltinOptions union type */
    int has_options;
    fb_table options;
} tm_op;

/* Fills `e` from the reader's last failure with status CORRUPT. */
int tm_corrupt(const tm_model *m, tinyops_error *e);

int tm_open(tm_model *m, const uint8_t *data, size_t len, tinyops_error *e);
int tm_tensor_at(tm_model *m, int32_t index, tm_tensor *t, tinyops_error *e);
int tm_op_at(tm_model *m, uint32_t index, tm_op *op, tinyops_error *e);

/* Graph input/output tensor index `i` (checked against the tensor count). */
int tm_graph_io(tm_model *m, int outputs, uint32_t i, int32_t *tensor, tinyops_error *e);

/* Element size in bytes of a TensorType, 0 when unsupported. */
uint32_t tm_type_size(int32_t type);

/* Options of `op` when they are of union type `type`, else NULL (defaults apply). */
const fb_table *tm_options(const tm_op *op, uint8_t type);

/* BuiltinOptions union types used by the kernels. */
enum {
    TM_OPT_CONV2D = 1,
    TM_OPT_DEPTHWISE = 2,
    TM_OPT_POOL2D = 5,
    TM_OPT_FULLY_CONNECTED = 8,
    TM_OPT_SOFTMAX = 9,
    TM_OPT_CONCATENATION = 10,
    TM_OPT_ADD = 11,
    TM_OPT_MUL = 21,
    TM_OPT_REDUCER = 27,
    TM_OPT_STRIDED_SLICE = 32,
    TM_OPT_SHAPE = 55,
    TM_OPT_PACK = 59
};

#endif /* TINYOPS_MODEL_VIEW_H */
