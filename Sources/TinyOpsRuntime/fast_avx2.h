/* Host fast paths (TINYOPS_FAST_KERNELS) with AVX2, chosen at run time.
 *
 * The C target is built without -mavx2 (SwiftPM passes no such flag, and a binary must run
 * on any x86-64), so the AVX2 functions carry __attribute__((target("avx2"))) and run only
 * when tq_avx2_usable() says the CPU (and the OS) supports AVX2; the SSE2 loops stay the
 * fallback. tq_avx2_usable calls __builtin_cpu_supports each time (it reads the compiler
 * runtime's CPU model, a load and a test): the runtime keeps no global state of its own.
 * -DTINYOPS_NO_AVX2 leaves the AVX2 paths out (RuntimeFastPathTests builds the SSE2 fallback
 * that way and compares the bytes). GCC and Clang on x86-64 only. */
#ifndef TINYOPS_FAST_AVX2_H
#define TINYOPS_FAST_AVX2_H

#include "fast_requant.h"

#if defined(TQ_FAST_SSE2) && !defined(TINYOPS_NO_AVX2) && defined(__x86_64__) && \
    (defined(__GNUC__) || defined(__clang__))
#define TQ_FAST_AVX2 1
#include <stdint.h>

#include "k_conv.h"

#define TQ_AVX2_FN __attribute__((target("avx2")))

static inline int tq_avx2_usable(void) { return __builtin_cpu_supports("avx2"); }

/* CONV_2D with AVX2: 0 (nothing written) for shapes it does not take. */
int tq_conv_avx2(const tq_exec *x, const conv_record *r);

#endif

#endif /* TINYOPS_FAST_AVX2_H */
