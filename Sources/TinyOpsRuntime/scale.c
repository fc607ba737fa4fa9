/* Double-precision scale arithmetic in integers (scale.h). */
#include "scale.h"

#include <string.h>

#include "fixedpoint.h"

/* m x 2^e for m != 0, normalized to m in [2^62, 2^63); a bit shifted out on the right stays
 * as a sticky low bit. */
static void set_finite(tq_real *r, uint64_t m, int32_t e) {
    if ((m >> 63) != 0) {
        m = (m >> 1) | (m & 1u);
        e++;
    }
    for (; (m >> 62) == 0; e--) m <<= 1; /* one bit at a time: a few dozen steps at init */
    r->m = m;
    r->e = e;
    r->cls = TQ_REAL_FINITE;
}

static void set_class(tq_real *r, int cls) {
    r->m = 0;
    r->e = 0;
    r->cls = (uint8_t)cls;
}

/* An IEEE-754 value from its fields: fraction, biased exponent, all-ones exponent, bias. */
static void from_fields(tq_real *r, uint64_t fraction, int32_t biased, int32_t max_biased, int fraction_bits,
                        int32_t bias, unsigned neg) {
    r->neg = (uint8_t)neg;
    if (biased == max_biased) {
        set_class(r, fraction != 0 ? TQ_REAL_NAN : TQ_REAL_INF);
    } else if (biased == 0 && fraction == 0) {
        set_class(r, TQ_REAL_ZERO);
    } else {
        if (biased == 0) {
            biased = 1; /* subnormal */
        } else {
            fraction |= (uint64_t)1 << fraction_bits;
        }
        set_finite(r, fraction, biased - bias - fraction_bits);
    }
}

int tq_f32_positive_finite(float f) {
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u - 1u < 0x7F7FFFFFu; /* 0x00000001 .. 0x7F7FFFFF */
}

void tq_real_f32(tq_real *r, float f) {
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    from_fields(r, u & 0x7FFFFFu, (int32_t)((u >> 23) & 0xFFu), 0xFF, 23, 127, u >> 31);
}

void tq_real_f64(tq_real *r, uint64_t bits) {
    from_fields(r, bits & 0xFFFFFFFFFFFFFull, (int32_t)((bits >> 52) & 0x7FFu), 0x7FF, 52, 1023,
                (unsigned)(bits >> 63));
}

/* Round a finite value to 53 significant bits, to nearest, ties to even (a tie rounds up
 * when the kept part is odd). */
static void round53(tq_real *r) {
    const uint32_t low = (uint32_t)r->m & 0x3FFu;
    uint64_t m = r->m - low;
    if (low + ((uint32_t)(m >> 10) & 1u) > 0x200u) m += 0x400u;
    set_finite(r, m, r->e); /* renormalizes a carry into bit 63 */
}

/* The class of a x b or a / b: `table` holds the 2-bit result class for each pair of
 * operand classes (TQ_REAL_ZERO 0, FINITE 1, INF 2, NAN 3) at bit 2 x (4 x a + b). */
static int result_class(uint32_t table, const tq_real *a, const tq_real *b) {
    return (int)(table >> (2u * (4u * a->cls + b->cls))) & 3;
}

/* x: 0 x inf and NaNs give NaN, inf x nonzero inf, 0 x finite 0 */
#define TQ_MUL_CLASSES 0xFFEBE4F0U
/* /: 0 / 0, inf / inf and NaNs give NaN, x / 0 and inf / y inf, 0 / y and x / inf 0 */
#define TQ_DIV_CLASSES 0xFFFAC6C3U

void tq_real_mul(tq_real *r, const tq_real *a, const tq_real *b) {
    const unsigned neg = a->neg ^ b->neg;
    const int cls = result_class(TQ_MUL_CLASSES, a, b);
    if (cls == TQ_REAL_FINITE) /* both significands have their low 31 bits clear: the product is exact */
        set_finite(r, (a->m >> 31) * (b->m >> 31), a->e + b->e + 62);
    else
        set_class(r, cls);
    r->neg = (uint8_t)neg;
}

void tq_real_div(tq_real *r, const tq_real *a, const tq_real *b) {
    const unsigned neg = a->neg ^ b->neg;
    const int cls = result_class(TQ_DIV_CLASSES, a, b);
    if (cls != TQ_REAL_FINITE) {
        set_class(r, cls);
    } else {
        /* Both significands have at most 53 bits, so halving them is exact and leaves room
         * for the remainder's shift. 63 quotient bits, then the remainder as a sticky bit. */
        uint64_t n = a->m >> 1, q = 0;
        const uint64_t d = b->m >> 1;
        int32_t e = a->e - b->e - 62;
        int i;
        if (n < d) {
            n <<= 1;
            e--;
        }
        for (i = 0; i < 63; i++) {
            q <<= 1;
            if (n >= d) {
                n -= d;
                q |= 1u;
            }
            n <<= 1;
        }
        r->m = q | (n != 0 ? 1u : 0u);
        r->e = e;
        r->cls = TQ_REAL_FINITE;
        round53(r);
    }
    r->neg = (uint8_t)neg;
}

void tq_real_add(tq_real *r, const tq_real *a, const tq_real *b) {
    const tq_real *x = a, *y = b;
    uint64_t ym, m;
    uint32_t k;
    if (a->cls == TQ_REAL_NAN || b->cls == TQ_REAL_NAN ||
        (a->cls == TQ_REAL_INF && b->cls == TQ_REAL_INF && a->neg != b->neg)) {
        set_class(r, TQ_REAL_NAN);
        r->neg = 0;
        return;
    }
    if (a->cls == TQ_REAL_ZERO && b->cls == TQ_REAL_ZERO) {
        set_class(r, TQ_REAL_ZERO);
        r->neg = (uint8_t)(a->neg & b->neg); /* -0 + -0 = -0, else +0 */
        return;
    }
    if (a->cls == TQ_REAL_INF || b->cls == TQ_REAL_ZERO) {
        *r = *a;
        return;
    }
    if (b->cls == TQ_REAL_INF || a->cls == TQ_REAL_ZERO) {
        *r = *b;
        return;
    }
    if (a->e < b->e || (a->e == b->e && a->m < b->m)) { /* |x| >= |y| */
        x = b;
        y = a;
    }
    /* Align y to x, keeping what is shifted out as a sticky bit: with at least 9 bits below
     * the 53 that are kept, the rounding is the same as that of the exact sum. */
    k = (uint32_t)(x->e - y->e);
    ym = y->m;
    for (; k > 0 && ym > 1u; k--) ym = (ym >> 1) | (ym & 1u); /* ends at 1 past 63 places */
    m = x->neg == y->neg ? x->m + ym : x->m - ym;
    if (m == 0) {
        set_class(r, TQ_REAL_ZERO); /* exact cancellation: +0 when rounding to nearest */
        r->neg = 0;
        return;
    }
    set_finite(r, m, x->e);
    r->neg = x->neg;
    round53(r);
}

void tq_real_scale2(tq_real *r, int32_t k) {
    if (r->cls == TQ_REAL_FINITE) r->e += k;
}

int tq_real_cmp(const tq_real *a, const tq_real *b) {
    /* magnitudes: class (ZERO < FINITE < INF), then exponent, then significand */
    const int c = a->cls != b->cls ? (a->cls < b->cls ? -1 : 1)
                  : a->e != b->e   ? (a->e < b->e ? -1 : 1)
                  : a->m != b->m   ? (a->m < b->m ? -1 : 1)
                                   : 0;
    if (a->cls == TQ_REAL_NAN || b->cls == TQ_REAL_NAN) return 2;
    if (a->neg != b->neg) return (a->cls | b->cls) == TQ_REAL_ZERO ? 0 : (a->neg ? -1 : 1); /* -0 == +0 */
    return a->neg ? -c : c;
}

uint32_t tq_real_frexp_q31(const tq_real *x, int32_t *exponent) {
    /* frexp: x = (m / 2^63) x 2^(e + 63); the fraction times 2^31 is m / 2^32. */
    *exponent = x->e + 63;
    return (uint32_t)((x->m + 0x80000000u) >> 32);
}

int tq_real_quantize_multiplier(const tq_real *x, int32_t *multiplier, int32_t *shift) {
    uint32_t q;
    int32_t s;
    if (x->cls == TQ_REAL_ZERO) { /* +0 and -0 */
        *multiplier = 0;
        *shift = 0;
        return 1;
    }
    if (x->cls != TQ_REAL_FINITE || x->neg) return 0;
    q = tq_real_frexp_q31(x, &s);
    if (q == 0x80000000u) {
        q >>= 1;
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

uint64_t tq_udiv64(uint64_t n, uint32_t d) {
    uint64_t q = 0, rem = 0;
    int i;
    for (i = 0; i < 64; i++) {
        rem = (rem << 1) | (n >> 63);
        n <<= 1;
        q <<= 1;
        if (rem >= d) {
            rem -= d;
            q |= 1u;
        }
    }
    return q;
}
