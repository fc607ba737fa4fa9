/* Build-time selection of the operators TinyOpsRuntime links.
 *
 * By default every operator is compiled in. A firmware build that runs one known model can
 * leave the others out: `tinyops deploy` writes a tinyops_config.h next to these sources
 * that defines TINYOPS_OPS_SELECTED and TINYOPS_OP_<NAME> 1 for each operator the model
 * uses (TINYOPS_OP_CONV_2D, TINYOPS_OP_SOFTMAX, ...). The kernel table then refers only to
 * those kernels, and the linker's --gc-sections drops the rest. A model that needs an
 * operator left out fails in tinyops_init with TINYOPS_ERR_UNSUPPORTED_OP (reason
 * OPERATOR_EXCLUDED).
 *
 * The configuration is found as "tinyops_config.h" (the directory of this file first, then
 * the include path) when the compiler has __has_include (GCC 5+, Clang, armclang), or named
 * with -DTINYOPS_CONFIG_HEADER='"file.h"'. No file: every operator. The runtime's own sources
 * never change between builds; only this optional header does. */
#ifndef TINYOPS_RUNTIME_CONFIG_H
#define TINYOPS_RUNTIME_CONFIG_H

#if defined(TINYOPS_CONFIG_HEADER)
#include TINYOPS_CONFIG_HEADER
#elif defined(__has_include)
#if __has_include("tinyops_config.h")
#include "tinyops_config.h"
#endif
#endif

#ifdef TINYOPS_OPS_SELECTED
#define TQ_OP_DEFAULT_ 0
#else
#define TQ_OP_DEFAULT_ 1
#endif

#ifndef TINYOPS_OP_ADD
#define TINYOPS_OP_ADD TQ_OP_DEFAULT_
#endif
#ifndef TINYOPS_OP_AVERAGE_POOL_2D
#define TINYOPS_OP_AVERAGE_POOL_2D TQ_OP_DEFAULT_
#endif
#ifndef TINYOPS_OP_CONCATENATION
#define TINYOPS_OP_CONCATENATION TQ_OP_DEFAULT_
#endif
#ifndef TINYOPS_OP_CONV_2D
#define TINYOPS_OP_CONV_2D TQ_OP_DEFAULT_
#endif
#ifndef TINYOPS_OP_DEPTHWISE_CONV_2D
#define TINYOPS_OP_DEPTHWISE_CONV_2D TQ_OP_DEFAULT_
#endif
#ifndef TINYOPS_OP_DEQUANTIZE
#define TINYOPS_OP_DEQUANTIZE TQ_OP_DEFAULT_
#endif
#ifndef TINYOPS_OP_FULLY_CONNECTED
#define TINYOPS_OP_FULLY_CONNECTED TQ_OP_DEFAULT_
#endif
#ifndef TINYOPS_OP_LOGISTIC
#define TINYOPS_OP_LOGISTIC TQ_OP_DEFAULT_
#endif
#ifndef TINYOPS_OP_MAX_POOL_2D
#define TINYOPS_OP_MAX_POOL_2D TQ_OP_DEFAULT_
#endif
#ifndef TINYOPS_OP_MUL
#define TINYOPS_OP_MUL TQ_OP_DEFAULT_
#endif
#ifndef TINYOPS_OP_RELU
#define TINYOPS_OP_RELU TQ_OP_DEFAULT_
#endif
#ifndef TINYOPS_OP_RELU6
#define TINYOPS_OP_RELU6 TQ_OP_DEFAULT_
#endif
#ifndef TINYOPS_OP_RESHAPE
#define TINYOPS_OP_RESHAPE TQ_OP_DEFAULT_
#endif
#ifndef TINYOPS_OP_SOFTMAX
#define TINYOPS_OP_SOFTMAX TQ_OP_DEFAULT_
#endif
#ifndef TINYOPS_OP_PAD
#define TINYOPS_OP_PAD TQ_OP_DEFAULT_
#endif
#ifndef TINYOPS_OP_MEAN
#define TINYOPS_OP_MEAN TQ_OP_DEFAULT_
#endif
#ifndef TINYOPS_OP_SQUEEZE
#define TINYOPS_OP_SQUEEZE TQ_OP_DEFAULT_
#endif
#ifndef TINYOPS_OP_STRIDED_SLICE
#define TINYOPS_OP_STRIDED_SLICE TQ_OP_DEFAULT_
#endif
#ifndef TINYOPS_OP_PADV2
#define TINYOPS_OP_PADV2 TQ_OP_DEFAULT_
#endif
#ifndef TINYOPS_OP_EXPAND_DIMS
#define TINYOPS_OP_EXPAND_DIMS TQ_OP_DEFAULT_
#endif
#ifndef TINYOPS_OP_SHAPE
#define TINYOPS_OP_SHAPE TQ_OP_DEFAULT_
#endif
#ifndef TINYOPS_OP_PACK
#define TINYOPS_OP_PACK TQ_OP_DEFAULT_
#endif
#ifndef TINYOPS_OP_QUANTIZE
#define TINYOPS_OP_QUANTIZE TQ_OP_DEFAULT_
#endif

/* Host fast paths (k_conv_fast.c, k_arith_fast.c, the fast FULLY_CONNECTED, MEAN and
 * pooling loops): loops over widened, offset-folded data in stack buffers, with SSE2
 * intrinsics on x86-64 (-DTINYOPS_NO_SIMD leaves them out) and fixed-width loops compilers
 * vectorize elsewhere. They trade stack (about 20 KB) and code size for speed and give the
 * same bytes as the portable kernels, which stay the reference. Off by default on Cortex-M
 * (small stacks, code size matters, no wide SIMD); on elsewhere. -DTINYOPS_FAST_KERNELS=0
 * or 1 overrides. */
#ifndef TINYOPS_FAST_KERNELS
#if (defined(__ARM_ARCH_PROFILE) && __ARM_ARCH_PROFILE == 'M') || defined(__ARM_ARCH_6M__) || \
    defined(__ARM_ARCH_7M__) || defined(__ARM_ARCH_7EM__) || defined(__ARM_ARCH_8M_BASE__) ||   \
    defined(__ARM_ARCH_8M_MAIN__) || defined(__ARM_ARCH_8_1M_MAIN__)
#define TINYOPS_FAST_KERNELS 0
#else
#define TINYOPS_FAST_KERNELS 1
#endif
#endif

#endif /* TINYOPS_RUNTIME_CONFIG_H */
