/* TinyOpsRuntime's integer scale arithmetic (Sources/TinyOpsRuntime/scale.h) against the
 * double-precision code it replaces, which is TFLM's: every init-time expression of float32
 * scales, on random bit patterns (NaN, infinities, zeros, negatives, subnormals), on
 * typical positive scales, on special values, on exact 31-bit rounding ties and rounds up to
 * 2^31, and on quotients whose first (53-bit) rounding lands on a 31-bit tie. Both the
 * double value (bit pattern) and QuantizeMultiplier's multiplier and shift must agree.
 *
 *   cc -std=c99 -O2 -I Sources/TinyOpsRuntime Tests/ScaleHarness/scale_check.c \
 *      Sources/TinyOpsRuntime/scale.c Sources/TinyOpsRuntime/fixedpoint.c -lm -o scale_check
 *   ./scale_check [CASES [SEED]]
 *
 * With -DSCALE_CHECK_CASES=N it runs N cases without arguments (the Cortex-M build under QEMU).
 *
 * Prints one line per check with its case count and exits 1 on the first mismatch (printed
 * with the seed and inputs) or when a targeted category found no case. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scale.h"

static uint64_t state;
static uint32_t next32(void) { /* xorshift64* */
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return (uint32_t)((state * 2685821657736338717ull) >> 32);
}
static uint64_t next64(void) { return ((uint64_t)next32() << 32) | next32(); }

static float f_of(uint32_t u) {
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}
static uint32_t u_of(float f) {
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}
static double d_of(uint64_t u) {
    double d;
    memcpy(&d, &u, sizeof d);
    return d;
}
static uint64_t bits(double d) {
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    return u;
}

static const uint32_t specials[] = {
    0x00000000u, 0x80000000u, 0x00000001u, 0x007FFFFFu, 0x00400000u, 0x00800000u, 0x00800001u, 0x7F7FFFFFu,
    0x7F800000u, 0xFF800000u, 0x7FC00000u, 0xFFC00001u, 0x3F800000u, 0x3F000000u, 0x3F7FFFFFu, 0x3F800001u,
    0x4F000000u, 0x4EFFFFFFu, 0x2F800000u, 0x2F7FFFFFu, 0x358637BDu, 0x3B800000u, 0xBF800000u, 0x80000001u,
    0x3C23D70Au, 0x3A83126Fu, 0x477FE000u, 0x30000000u, 0x0F800000u, 0x5F800000u, 0x3E800000u, 0x1F000000u,
};

/* A float from one of the generators: any bit pattern, a typical positive scale, a special
 * value, or a positive scale with a structured significand (runs of ones, one bit). */
static float any_float(void) {
    const uint32_t kind = next32() % 8u;
    uint32_t u = next32();
    switch (kind) {
    case 0:
    case 1: return f_of(u);
    case 2: return f_of(specials[next32() % (sizeof specials / sizeof specials[0])]);
    case 3: return f_of((u & 0x807FFFFFu) & 0x7FFFFFFFu); /* positive subnormal or zero */
    case 4: { /* significand of runs: all ones, one bit, ones then zeros */
        const uint32_t e = 60u + next32() % 140u, k = next32() % 24u;
        const uint32_t mant = next32() % 3u == 0 ? 0x7FFFFFu : (next32() % 2u ? (1u << k) >> 1 : (0x7FFFFFu >> k) << k);
        return f_of((e << 23) | (mant & 0x7FFFFFu));
    }
    default: /* a positive scale between 2^-40 and 2^10 */
        return f_of(((87u + next32() % 50u) << 23) | (u & 0x7FFFFFu));
    }
}

static int failures;
static unsigned long long seed0;

static double to_double(const tq_real *r) {
    double d;
    switch (r->cls) {
    case TQ_REAL_ZERO: d = 0.0; break;
    case TQ_REAL_INF: d = INFINITY; break;
    case TQ_REAL_NAN: return NAN;
    default: d = ldexp((double)(r->m >> 10), r->e + 10); /* exact in the normal range */
    }
    return r->neg ? -d : d;
}

/* TFLM QuantizeMultiplier (std::frexp, std::round) plus the runtime's rejection of negative
 * and non-finite values. */
static int ref_quantize(double m, int32_t *multiplier, int32_t *shift) {
    int s;
    int64_t q;
    if (m == 0.0) {
        *multiplier = 0;
        *shift = 0;
        return 1;
    }
    if (!(m > 0.0) || isinf(m)) return 0;
    q = (int64_t)round(frexp(m, &s) * 2147483648.0);
    if (q == ((int64_t)1 << 31)) {
        q /= 2;
        s++;
    }
    if (s < -31) {
        s = 0;
        q = 0;
    }
    *multiplier = (int32_t)q;
    *shift = s;
    return 1;
}

static int same_double(double a, double b) { return (isnan(a) && isnan(b)) || bits(a) == bits(b); }

/* The double value and its multiplier; returns 1 when both agree. */
static int agree(const char *what, const tq_real *got, double want, float a, float b, float c) {
    int32_t gm = 0, gs = 0, wm = 0, ws = 0;
    const int gok = tq_real_quantize_multiplier(got, &gm, &gs), wok = ref_quantize(want, &wm, &ws);
    if (same_double(to_double(got), want) && gok == wok && (!gok || (gm == wm && gs == ws))) return 1;
    if (failures++ < 10)
        printf("MISMATCH %s seed %lu: a %08lx b %08lx c %08lx: got %08lx%08lx (%d: %ld, %ld) want %08lx%08lx (%d: %ld, "
               "%ld)\n", what, (unsigned long)seed0, (unsigned long)u_of(a), (unsigned long)u_of(b), (unsigned long)u_of(c),
               (unsigned long)(bits(to_double(got)) >> 32), (unsigned long)(uint32_t)bits(to_double(got)), gok, (long)gm,
               (long)gs, (unsigned long)(bits(want) >> 32), (unsigned long)(uint32_t)bits(want), wok, (long)wm, (long)ws);
    return 0;
}

/* (double)a * (double)b / (double)c: conv, depthwise, fully connected per channel, mul. */
static void check_product_ratio(float a, float b, float c) {
    tq_real x, y;
    tq_real_f32(&x, a);
    tq_real_f32(&y, b);
    tq_real_mul(&x, &x, &y);
    if (!same_double(to_double(&x), (double)a * (double)b)) agree("a*b", &x, (double)a * (double)b, a, b, c);
    tq_real_f32(&y, c);
    tq_real_div(&x, &x, &y);
    agree("a*b/c", &x, (double)a * (double)b / (double)c, a, b, c);
}

/* (double)(a * b) / (double)c with the product in float: fully connected per tensor; and
 * (double)(a / c): relu. */
static void check_float_forms(float a, float b, float c) {
    volatile float product = a * b, quotient = a / c;
    tq_real x, y;
    tq_real_f32(&x, product);
    tq_real_f32(&y, c);
    tq_real_div(&x, &x, &y);
    agree("float(a*b)/c", &x, (double)product / (double)c, a, b, c);
    tq_real_f32(&x, quotient);
    agree("float(a/c)", &x, (double)quotient, a, b, c);
}

/* ADD: twice_max = 2 * max(a, b), a / twice_max, b / twice_max, twice_max / (2^20 * c) < 1. */
static void check_add(float a, float b, float c) {
    const double twice_max = 2.0 * (double)(a > b ? a : b);
    const double real_out = twice_max / ((double)(1 << 20) * (double)c);
    tq_real sa, sb, t, r, one;
    tq_real_f32(&sa, a);
    tq_real_f32(&sb, b);
    t = tq_real_cmp(&sa, &sb) == 1 ? sa : sb;
    tq_real_scale2(&t, 1);
    tq_real_div(&r, &sa, &t);
    agree("a/twice_max", &r, (double)a / twice_max, a, b, c);
    tq_real_div(&r, &sb, &t);
    agree("b/twice_max", &r, (double)b / twice_max, a, b, c);
    tq_real_f32(&sa, c);
    tq_real_scale2(&sa, 20);
    tq_real_div(&r, &t, &sa);
    agree("twice_max/(2^20 c)", &r, real_out, a, b, c);
    tq_real_f32(&one, 1.0f);
    if ((tq_real_cmp(&r, &one) == -1) != (real_out < 1.0) && failures++ < 10)
        printf("MISMATCH real_out < 1 seed %lu: %08lx %08lx %08lx\n", (unsigned long)seed0, (unsigned long)u_of(a), (unsigned long)u_of(b),
               (unsigned long)u_of(c));
}

/* SOFTMAX: beta * scale * 2^26, capped at 2^31 - 1, must be above 1. */
static void check_softmax(float beta, float scale) {
    double real = (double)beta * (double)scale * (double)(1 << 26);
    tq_real r, x;
    int want_ok, got_ok;
    tq_real_f32(&r, beta);
    tq_real_f32(&x, scale);
    tq_real_mul(&r, &r, &x);
    tq_real_scale2(&r, 26);
    tq_real_f64(&x, 0x41DFFFFFFFC00000ull);
    {
        const tq_real int32_max = TQ_REAL_INT32_MAX;
        if ((int32_max.m != x.m || int32_max.e != x.e || int32_max.cls != x.cls || int32_max.neg != x.neg) && failures++ < 10)
            printf("MISMATCH TQ_REAL_INT32_MAX\n");
    }
    if (tq_real_cmp(&r, &x) == 1) r = x;
    if (real > 2147483647.0) real = 2147483647.0;
    tq_real_f32(&x, 1.0f);
    want_ok = real > 1.0;
    got_ok = tq_real_cmp(&r, &x) == 1;
    if (want_ok != got_ok && failures++ < 10)
        printf("MISMATCH softmax > 1 seed %lu: %08lx %08lx\n", (unsigned long)seed0, (unsigned long)u_of(beta), (unsigned long)u_of(scale));
    agree("softmax", &r, real, beta, scale, 1.0f);
}

/* LOGISTIC: round(frexp(scale * 2^27) * 2^31), for a positive finite scale. */
static void check_logistic(float scale) {
    int e;
    int32_t ge;
    tq_real r;
    uint32_t got;
    int64_t want;
    if (!tq_f32_positive_finite(scale)) return;
    want = (int64_t)round(frexp((double)scale * (double)(1 << 27), &e) * 2147483648.0);
    tq_real_f32(&r, scale);
    tq_real_scale2(&r, 27);
    got = tq_real_frexp_q31(&r, &ge);
    if (((int64_t)got != want || ge != e) && failures++ < 10)
        printf("MISMATCH logistic seed %lu: %08lx\n", (unsigned long)seed0, (unsigned long)u_of(scale));
}

#ifndef SCALE_CHECK_CASES
/* FULLY_CONNECTED per tensor: |a*b - bias| / out <= 0.02, and a*b +- c in general. */
static void check_bias(float a, float b, float bias, float out) {
    const double product = (double)a * (double)b;
    const double diff = fabs(product - (double)bias); /* TFLM: std::abs(input_product_scale - bias_scale) */
    const int want = diff / (double)out <= 0.02;
    tq_real p, q, x;
    tq_real_f32(&p, a);
    tq_real_f32(&x, b);
    tq_real_mul(&p, &p, &x);
    tq_real_f32(&q, bias);
    tq_real_add(&x, &p, &q);
    agree("a*b+c", &x, product + (double)bias, a, b, bias);
    /* as k_fully_connected.c: the rounded difference with its sign cleared */
    q.neg ^= 1u;
    tq_real_add(&x, &p, &q);
    x.neg = 0;
    agree("|a*b-c|", &x, diff, a, b, bias);
    tq_real_f32(&p, out);
    tq_real_div(&x, &x, &p);
    {
        const tq_real two_percent = TQ_REAL_TWO_PERCENT;
        tq_real_f64(&p, 0x3F947AE147AE147Bull);
        if (tq_real_cmp(&two_percent, &p) != 0 || two_percent.m != p.m || two_percent.e != p.e || two_percent.cls != p.cls ||
            two_percent.neg != p.neg) {
            if (failures++ < 10) printf("MISMATCH TQ_REAL_TWO_PERCENT\n");
        }
    }
    if ((tq_real_cmp(&x, &p) <= 0) != want && failures++ < 10)
        printf("MISMATCH bias check seed %lu: %08lx %08lx %08lx %08lx\n", (unsigned long)seed0, (unsigned long)u_of(a), (unsigned long)u_of(b),
               (unsigned long)u_of(bias), (unsigned long)u_of(out));
}

#endif

/* Any double (the exported tinyops_fp_quantize_multiplier), compares, positivity. */
static void check_double(uint64_t u, float a, float b) {
    tq_real r, s;
    const double d = d_of(u);
    int want;
    tq_real_f64(&r, u);
    agree("double", &r, d, a, b, 0.0f);
    tq_real_f32(&r, a);
    tq_real_f32(&s, b);
    want = isnan(a) || isnan(b) ? 2 : (a < b ? -1 : (a > b ? 1 : 0));
    if (tq_real_cmp(&r, &s) != want && failures++ < 10)
        printf("MISMATCH cmp seed %lu: %08lx %08lx\n", (unsigned long)seed0, (unsigned long)u_of(a), (unsigned long)u_of(b));
    if (tq_f32_positive_finite(a) != (a > 0.0f && !isinf(a)) && failures++ < 10)
        printf("MISMATCH positive_finite %08lx\n", (unsigned long)u_of(a));
    {
        const float d32 = a - b, m = d32 < 0.0f ? -d32 : d32;
        if ((m > 1.0e-6f) != ((double)m > 1.0e-6) && failures++ < 10)
            printf("MISMATCH pooling threshold %08lx %08lx\n", (unsigned long)u_of(a), (unsigned long)u_of(b));
    }
}

static void check_udiv(uint64_t n, uint32_t d) {
    if (d == 0) d = 1;
    if (tq_udiv64(n, d) != n / d && failures++ < 10)
        printf("MISMATCH udiv64 %08lx%08lx / %lu\n", (unsigned long)(n >> 32), (unsigned long)(uint32_t)n, (unsigned long)d);
}

static float make_float(uint32_t significand, int exponent) { return (float)ldexp((double)significand, exponent); }

static int run(long cases, unsigned long long seed, long max_sweeps) {
    long i, ties = 0, round_ups = 0, double_rounding = 0, sweeps = 0;
    seed0 = seed;
    state = seed0 * 0x9E3779B97F4A7C15ull + 1u;

    for (i = 0; i < cases; i++) {
        const float a = any_float(), b = any_float(), c = any_float(), d = any_float();
        check_product_ratio(a, b, c);
        check_float_forms(a, b, c);
        check_add(a, b, c);
        check_softmax(a, b);
        check_logistic(a);
#ifndef SCALE_CHECK_CASES
        check_bias(a, b, c, d);
#else
        (void)d;
#endif
        check_double(next32() % 4u == 0 ? (uint64_t)next32() << 32 | next32() % 3u : next64(), a, b);
        check_udiv(next64() >> (next32() % 64u), next32() >> (next32() % 32u));
        if (failures != 0) break;
    }
    printf("random cases: %ld x 8 checks\n", i);

    /* Exact 31-bit ties: x * y with 32 significant bits (bit 31 set), divided by a power of
     * two or by a small odd factor of x; and 65535 * 65537 = 2^32 - 1, which rounds up to
     * 2^31 and becomes 2^30 with one more shift. */
    for (i = 0; i < cases / 4 && failures == 0; i++) {
        const uint32_t x = 0x8001u + 2u * (next32() % 0x3FFFu), y = 0x8001u + 2u * (next32() % 0x7FFFu);
        const uint32_t odd = 1u + 2u * (next32() % 8u);
        const int ex = (int)(next32() % 60u) - 40, ey = (int)(next32() % 60u) - 40, ec = (int)(next32() % 60u) - 30;
        const uint64_t product = (uint64_t)x * y;
        const float a = make_float(x * odd, ex), b = make_float(y, ey), c = make_float(odd, ec);
        const float a2 = make_float(65535u, ex), b2 = make_float(65537u, ey);
        if ((product >> 31) != 0 && (product & 1u)) ties++;
        check_product_ratio(a, b, c);
        check_product_ratio(a2, b2, make_float(1u, ec));
        round_ups++;
    }
    printf("exact 31-bit ties: %ld, rounds up to 2^31: %ld\n", ties, round_ups);

    /* Inexact quotients whose 53-bit rounding gives a 31-bit tie (double rounding): sweep b
     * for fixed a and c and check the cases that land there. */
    while (double_rounding < 8 && sweeps < max_sweeps && failures == 0) {
        const float a = make_float(0x800000u | (next32() & 0x7FFFFFu), -20);
        const float c = make_float(0x800000u | (next32() & 0x7FFFFFu), -10);
        uint32_t k;
        sweeps++;
        for (k = 0; k < (1u << 22); k++) {
            const float b = make_float(0x800000u | (k << 1) | (next32() & 1u), -23);
            const double q = (double)a * (double)b / (double)c;
            if ((bits(q) & 0x3FFFFFu) == 0x200000u && fma(q, (double)c, -((double)a * (double)b)) != 0.0) {
                double_rounding++;
                check_product_ratio(a, b, c);
            }
        }
    }
    printf("double-rounding ties: %ld (%ld sweeps)\n", double_rounding, sweeps);

    if (failures != 0) {
        printf("FAILED: %d mismatches\n", failures);
        return 1;
    }
    if (ties == 0 || round_ups == 0 || (max_sweeps > 0 && double_rounding == 0)) {
        printf("FAILED: a targeted category found no case\n");
        return 1;
    }
    printf("OK\n");
    return 0;
}

#ifdef SCALE_CHECK_CASES
/* On a Cortex-M under QEMU (no arguments; the double reference is libgcc's soft double):
 * fewer cases, no sweep, and no sums: libgcc's soft-double subtraction was seen to differ by
 * one unit in the last place from IEEE rounding (x86-64 SSE, exact rational arithmetic),
 * e.g. 1.0 - 0x1.3e01a7291aa8p-33, which the integer code and the host round alike. */
int main(void) { return run(SCALE_CHECK_CASES, 1ull, 0); }
#else
int main(int argc, char **argv) {
    return run(argc > 1 ? atol(argv[1]) : 2000000L, argc > 2 ? strtoull(argv[2], 0, 10) : 1ull, 64);
}
#endif
