/* The CONV_2D / DEPTHWISE_CONV_2D record, shared by the portable kernels (k_conv.c) and
 * the host fast paths (k_conv_fast.c). */
#ifndef TINYOPS_K_CONV_H
#define TINYOPS_K_CONV_H

#include "runtime_config.h"
#include "tinyops_internal.h"

/* Followed by int32 multipliers[out_c] and int8 shifts[out_c]. */
typedef struct conv_record {
    tq_ref input, filter, bias, output;
    int32_t batches, in_h, in_w, in_c;
    int32_t out_h, out_w, out_c;
    int32_t k_h, k_w;
    int32_t group_c;    /* conv: input channels per filter; depthwise: depth multiplier */
    int32_t stride_h, stride_w, dilation_h, dilation_w, pad_h, pad_w;
    int32_t input_offset, output_offset, act_min, act_max;
} conv_record;

#if TINYOPS_FAST_KERNELS
/* Host fast paths, bit-identical to the reference loops. Each returns 0 (having written
 * nothing) for shapes it does not handle; the caller then runs the portable kernel. */
int tq_conv_fast(const tq_exec *x, const conv_record *r);
int tq_depthwise_fast(const tq_exec *x, const conv_record *r);
#endif

#endif /* TINYOPS_K_CONV_H */
