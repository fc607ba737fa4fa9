/* The ADD / MUL record, shared by the portable kernels (k_arith.c) and the host fast path
 * (k_arith_fast.c). */
#ifndef TINYOPS_K_ARITH_H
#define TINYOPS_K_ARITH_H

#include "runtime_config.h"
#include "tinyops_internal.h"

typedef struct arith_record {
    tq_ref in1, in2, output;
    int32_t count, rank, broadcast;
    int32_t dims[TINYOPS_MAX_DIMS];     /* output dims, index 0 = innermost */
    int32_t strides1[TINYOPS_MAX_DIMS]; /* 0 where input 1 is broadcast */
    int32_t strides2[TINYOPS_MAX_DIMS];
    int32_t in1_offset, in2_offset, output_offset, act_min, act_max;
    int32_t in1_multiplier, in1_shift, in2_multiplier, in2_shift; /* ADD only */
    int32_t multiplier, shift;
} arith_record;

enum { ADD_LEFT_SHIFT = 20 };

#if TINYOPS_FAST_KERNELS
/* Host fast path, bit-identical to k_arith.c: rows of the innermost dimension, four lanes at
 * a time. Returns 0 (having written nothing) where it does not apply. */
int tq_arith_fast(const tq_exec *x, const arith_record *r, int is_add);
#endif

#endif /* TINYOPS_K_ARITH_H */
