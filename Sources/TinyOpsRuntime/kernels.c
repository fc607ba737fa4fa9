/* The operator table: builtin code -> prepare, kernel -> eval. Operators left out by
 * tinyops_config.h (runtime_config.h) are absent from both, so their code is not linked. */
#include "kernels.h"
#include "runtime_config.h"

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
#if TINYOPS_OP_ADD
    case OP_ADD: return tq_prepare_add;
#endif
#if TINYOPS_OP_AVERAGE_POOL_2D
    case OP_AVERAGE_POOL_2D: return tq_prepare_average_pool_2d;
#endif
#if TINYOPS_OP_CONCATENATION
    case OP_CONCATENATION: return tq_prepare_concatenation;
#endif
#if TINYOPS_OP_CONV_2D
    case OP_CONV_2D: return tq_prepare_conv_2d;
#endif
#if TINYOPS_OP_DEPTHWISE_CONV_2D
    case OP_DEPTHWISE_CONV_2D: return tq_prepare_depthwise_conv_2d;
#endif
#if TINYOPS_OP_DEQUANTIZE
    case OP_DEQUANTIZE: return tq_prepare_dequantize;
#endif
#if TINYOPS_OP_FULLY_CONNECTED
    case OP_FULLY_CONNECTED: return tq_prepare_fully_connected;
#endif
#if TINYOPS_OP_LOGISTIC
    case OP_LOGISTIC: return tq_prepare_logistic;
#endif
#if TINYOPS_OP_MAX_POOL_2D
    case OP_MAX_POOL_2D: return tq_prepare_max_pool_2d;
#endif
#if TINYOPS_OP_MUL
    case OP_MUL: return tq_prepare_mul;
#endif
#if TINYOPS_OP_RELU
    case OP_RELU: return tq_prepare_relu;
#endif
#if TINYOPS_OP_RELU6
    case OP_RELU6: return tq_prepare_relu6;
#endif
#if TINYOPS_OP_RESHAPE
    case OP_RESHAPE: return tq_prepare_reshape;
#endif
#if TINYOPS_OP_SQUEEZE
    case OP_SQUEEZE: return tq_prepare_reshape;
#endif
#if TINYOPS_OP_EXPAND_DIMS
    case OP_EXPAND_DIMS: return tq_prepare_reshape;
#endif
#if TINYOPS_OP_SOFTMAX
    case OP_SOFTMAX: return tq_prepare_softmax;
#endif
#if TINYOPS_OP_PAD
    case OP_PAD: return tq_prepare_pad;
#endif
#if TINYOPS_OP_PADV2
    case OP_PADV2: return tq_prepare_pad;
#endif
#if TINYOPS_OP_MEAN
    case OP_MEAN: return tq_prepare_mean;
#endif
#if TINYOPS_OP_QUANTIZE
    case OP_QUANTIZE: return tq_prepare_quantize;
#endif
#if TINYOPS_OP_SHAPE
    case OP_SHAPE: return tq_prepare_shape;
#endif
#if TINYOPS_OP_STRIDED_SLICE
    case OP_STRIDED_SLICE: return tq_prepare_strided_slice;
#endif
#if TINYOPS_OP_PACK
    case OP_PACK: return tq_prepare_pack;
#endif
    default: return NULL;
    }
}

int tq_op_excluded(int32_t code) {
    switch (code) {
    case OP_ADD: case OP_AVERAGE_POOL_2D: case OP_CONCATENATION: case OP_CONV_2D: case OP_DEPTHWISE_CONV_2D:
    case OP_DEQUANTIZE: case OP_FULLY_CONNECTED: case OP_LOGISTIC: case OP_MAX_POOL_2D: case OP_MUL:
    case OP_RELU: case OP_RELU6: case OP_RESHAPE: case OP_SOFTMAX: case OP_PAD: case OP_MEAN:
    case OP_SQUEEZE: case OP_STRIDED_SLICE: case OP_PADV2: case OP_EXPAND_DIMS: case OP_SHAPE: case OP_PACK:
    case OP_QUANTIZE:
        return tq_prepare_for(code) == NULL;
    default:
        return 0;
    }
}

int tq_op_aliases(int32_t code) { return code == OP_RESHAPE || code == OP_SQUEEZE || code == OP_EXPAND_DIMS; }

int tinyops_op_supported(int32_t code) { return tq_prepare_for(code) != NULL; }

/* Designated initializers keep the table in step with enum tq_kernel. */
static const tq_eval_fn evals[TQ_K_COUNT_] = {
    [TQ_K_NOP] = tq_eval_nop,
#if TINYOPS_OP_RESHAPE || TINYOPS_OP_SQUEEZE || TINYOPS_OP_EXPAND_DIMS
    [TQ_K_COPY] = tq_eval_copy,
#endif
#if TINYOPS_OP_FULLY_CONNECTED
    [TQ_K_FULLY_CONNECTED] = tq_eval_fully_connected,
#endif
#if TINYOPS_OP_CONV_2D
    [TQ_K_CONV_2D] = tq_eval_conv_2d,
#endif
#if TINYOPS_OP_DEPTHWISE_CONV_2D
    [TQ_K_DEPTHWISE_CONV_2D] = tq_eval_depthwise_conv_2d,
#endif
#if TINYOPS_OP_AVERAGE_POOL_2D
    [TQ_K_AVERAGE_POOL_2D] = tq_eval_average_pool_2d,
#endif
#if TINYOPS_OP_MAX_POOL_2D
    [TQ_K_MAX_POOL_2D] = tq_eval_max_pool_2d,
#endif
#if TINYOPS_OP_MEAN
    [TQ_K_MEAN] = tq_eval_mean,
#endif
#if TINYOPS_OP_ADD
    [TQ_K_ADD] = tq_eval_add,
#endif
#if TINYOPS_OP_MUL
    [TQ_K_MUL] = tq_eval_mul,
#endif
#if TINYOPS_OP_SOFTMAX
    [TQ_K_SOFTMAX] = tq_eval_softmax,
#endif
#if TINYOPS_OP_LOGISTIC
    [TQ_K_LOGISTIC] = tq_eval_logistic,
#endif
#if TINYOPS_OP_RELU
    [TQ_K_RELU] = tq_eval_relu,
#endif
#if TINYOPS_OP_RELU6
    [TQ_K_RELU6] = tq_eval_relu6,
#endif
#if TINYOPS_OP_PAD || TINYOPS_OP_PADV2
    [TQ_K_PAD] = tq_eval_pad,
#endif
#if TINYOPS_OP_CONCATENATION
    [TQ_K_CONCATENATION] = tq_eval_concatenation,
#endif
#if TINYOPS_OP_QUANTIZE
    [TQ_K_QUANTIZE] = tq_eval_quantize,
    [TQ_K_REQUANTIZE] = tq_eval_requantize,
#endif
#if TINYOPS_OP_DEQUANTIZE
    [TQ_K_DEQUANTIZE] = tq_eval_dequantize,
#endif
#if TINYOPS_OP_SHAPE
    [TQ_K_SHAPE] = tq_eval_shape,
#endif
#if TINYOPS_OP_STRIDED_SLICE
    [TQ_K_STRIDED_SLICE] = tq_eval_strided_slice,
#endif
#if TINYOPS_OP_PACK
    [TQ_K_PACK] = tq_eval_pack,
#endif
};

tq_eval_fn tq_eval_for(tq_kernel kernel) {
    /* A kernel left out is never prepared; NULL entries fall back to no-op all the same. */
    tq_eval_fn eval = (unsigned)kernel < (unsigned)TQ_K_COUNT_ ? evals[kernel] : NULL;
    return eval != NULL ? eval : tq_eval_nop;
}

int tq_kernel_linked(uint32_t kernel) { return kernel < (uint32_t)TQ_K_COUNT_ && evals[kernel] != NULL; }
