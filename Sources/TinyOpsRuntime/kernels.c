/* The operator table: builtin code -> prepare, kernel -> eval. */
#include "kernels.h"

/* BuiltinOperator codes (schema.fbs). */
enum {
    OP_ADD = 0, OP_AVERAGE_POOL_2D = 1, OP_CONCATENATION = 2, OP_CONV_2D = 3, OP_DEPTHWISE_CONV_2D = 4,
    OP_DEQUANTIZE = 6, OP_FULLY_CONNECTED = 9, OP_LOGISTIC = 14, OP_MAX_POOL_2D = 17, OP_MUL = 18,
    OP_RELU = 19, OP_RELU6 = 21, OP_RESHAPE = 22, OP_SOFTMAX = 25, OP_PAD = 34, OP_MEAN = 40,
    OP_SQUEEZE = 43, OP_STRIDED_SLICE = 45, OP_PADV2 = 60, OP_EXPAND_DIMS = 70, OP_SHAPE = 77, OP_PACK = 83,
    OP_QUANTIZE = 114
};

tq_prepare_fn tq_prepare_for(int32_t code) {
    switch (code) {
    case OP_ADD: return tq_prepare_add;
    case OP_AVERAGE_POOL_2D: return tq_prepare_average_pool_2d;
    case OP_CONCATENATION: return tq_prepare_concatenation;
    case OP_CONV_2D: return tq_prepare_conv_2d;
    case OP_DEPTHWISE_CONV_2D: return tq_prepare_depthwise_conv_2d;
    case OP_DEQUANTIZE: return tq_prepare_dequantize;
    case OP_FULLY_CONNECTED: return tq_prepare_fully_connected;
    case OP_LOGISTIC: return tq_prepare_logistic;
    case OP_MAX_POOL_2D: return tq_prepare_max_pool_2d;
    case OP_MUL: return tq_prepare_mul;
    case OP_RELU: return tq_prepare_relu;
    case OP_RELU6: return tq_prepare_relu6;
    case OP_RESHAPE: case OP_SQUEEZE: case OP_EXPAND_DIMS: return tq_prepare_reshape;
    case OP_SOFTMAX: return tq_prepare_softmax;
    case OP_PAD: case OP_PADV2: return tq_prepare_pad;
    case OP_MEAN: return tq_prepare_mean;
    case OP_QUANTIZE: return tq_prepare_quantize;
    case OP_SHAPE: return tq_prepare_shape;
    case OP_STRIDED_SLICE: return tq_prepare_strided_slice;
    case OP_PACK: return tq_prepare_pack;
    default: return NULL;
    }
}

int tq_op_aliases(int32_t code) { return code == OP_RESHAPE || code == OP_SQUEEZE || code == OP_EXPAND_DIMS; }

int tinyops_op_supported(int32_t code) { return tq_prepare_for(code) != NULL; }

/* Designated initializers keep the table in step with enum tq_kernel. */
static const tq_eval_fn evals[TQ_K_COUNT_] = {
    [TQ_K_NOP] = tq_eval_nop,
    [TQ_K_COPY] = tq_eval_copy,
    [TQ_K_FULLY_CONNECTED] = tq_eval_fully_connected,
    [TQ_K_CONV_2D] = tq_eval_conv_2d,
    [TQ_K_DEPTHWISE_CONV_2D] = tq_eval_depthwise_conv_2d,
    [TQ_K_AVERAGE_POOL_2D] = tq_eval_average_pool_2d,
    [TQ_K_MAX_POOL_2D] = tq_eval_max_pool_2d,
    [TQ_K_MEAN] = tq_eval_mean,
    [TQ_K_ADD] = tq_eval_add,
    [TQ_K_MUL] = tq_eval_mul,
    [TQ_K_SOFTMAX] = tq_eval_softmax,
    [TQ_K_LOGISTIC] = tq_eval_logistic,
    [TQ_K_RELU] = tq_eval_relu,
    [TQ_K_RELU6] = tq_eval_relu6,
    [TQ_K_PAD] = tq_eval_pad,
    [TQ_K_CONCATENATION] = tq_eval_concatenation,
    [TQ_K_QUANTIZE] = tq_eval_quantize,
    [TQ_K_REQUANTIZE] = tq_eval_requantize,
    [TQ_K_DEQUANTIZE] = tq_eval_dequantize,
    [TQ_K_SHAPE] = tq_eval_shape,
    [TQ_K_STRIDED_SLICE] = tq_eval_strided_slice,
    [TQ_K_PACK] = tq_eval_pack,
};

tq_eval_fn tq_eval_for(tq_kernel kernel) {
    return (unsigned)kernel < (unsigned)TQ_K_COUNT_ ? evals[kernel] : tq_eval_nop;
}
