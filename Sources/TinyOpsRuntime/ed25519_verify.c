/* Ed25519 signature verification (RFC 8032 section 5.1.7) for tinyops_package.h.
 *
 * Field elements of GF(p), p = 2^255 - 19, are 16 signed 64-bit limbs of 16 bits each
 * (value = sum limb[i] * 2^(16 i)). Limbs may leave [0, 2^16) between operations; products
 * stay far inside 64 bits (16 terms of at most 2^36 each). This radix needs no 128-bit
 * arithmetic, so the same code runs on a Cortex-M and on the host. Points are in extended
 * twisted Edwards coordinates (X : Y : Z : T), x = X/Z, y = Y/Z, x y = T/Z, with the unified
 * addition formula of Hisil, Wong, Carter and Dawson (2008) for a = -1, which also doubles.
 * Verification handles public data only, so nothing here needs to run in constant time. */
#include <string.h>

#include "tinyops_package.h"

/* The carries below shift negative limbs right and rely on the shift being arithmetic (GCC,
 * Clang, armclang and MSVC all do so; C99 leaves it to the implementation). */
typedef char tq_arithmetic_shift_check[((-8) >> 1) == -4 ? 1 : -1];

typedef int64_t fe[16];

typedef struct point {
    fe x, y, z, t;
} point;

static void fe_set(fe r, int64_t v) {
    memset(r, 0, sizeof(fe));
    r[0] = v;
}

static void fe_copy(fe r, const fe a) { memcpy(r, a, sizeof(fe)); }

static void fe_add(fe r, const fe a, const fe b) {
    int i;
    for (i = 0; i < 16; i++) r[i] = a[i] + b[i];
}

static void fe_sub(fe r, const fe a, const fe b) {
    int i;
    for (i = 0; i < 16; i++) r[i] = a[i] - b[i];
}

/* Brings every limb into [0, 2^16) except that the value may still be up to about 2p. The
 * carry out of the top limb wraps around times 38, since 2^256 = 2 * 2^255 = 2 * 19 mod p. */
static void fe_carry(fe r) {
    int i;
    for (i = 0; i < 16; i++) {
        const int64_t carry = r[i] >> 16;
        r[i] -= carry * 65536;
        if (i < 15) r[i + 1] += carry;
        else r[0] += 38 * carry;
    }
}

static void fe_mul(fe r, const fe a, const fe b) {
    int64_t wide[31];
    int i, j;
    memset(wide, 0, sizeof wide);
    for (i = 0; i < 16; i++)
        for (j = 0; j < 16; j++) wide[i + j] += a[i] * b[j];
    for (i = 0; i < 15; i++) wide[i] += 38 * wide[i + 16];
    for (i = 0; i < 16; i++) r[i] = wide[i];
    fe_carry(r);
    fe_carry(r);
}

static void fe_square(fe r, const fe a) { fe_mul(r, a, a); }

/* a^e for a 255-bit exponent given as 32 little-endian bytes (square and multiply). */
static void fe_pow(fe r, const fe a, const uint8_t exponent[32]) {
    fe result;
    int bit;
    fe_set(result, 1);
    for (bit = 254; bit >= 0; bit--) {
        fe_square(result, result);
        if ((exponent[bit >> 3] >> (bit & 7)) & 1) fe_mul(result, result, a);
    }
    fe_copy(r, result);
}

/* p - 2 (inversion, Fermat), (p - 5) / 8 (square roots), (p - 1) / 4 (sqrt(-1) = 2^((p-1)/4)). */
static const uint8_t exponent_p_minus_2[32] = {
    0xeb, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f};
static const uint8_t exponent_p_minus_5_over_8[32] = {
    0xfd, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f};
static const uint8_t exponent_p_minus_1_over_4[32] = {
    0xfb, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x1f};

/* The canonical 32-byte little-endian encoding (value below p). */
static void fe_pack(uint8_t out[32], const fe a) {
    fe t, m;
    int i, round;
    fe_copy(t, a);
    fe_carry(t);
    fe_carry(t);
    fe_carry(t);
    /* Now 0 <= t < 2^256; subtract p while that does not go negative (at most twice). */
    for (round = 0; round < 2; round++) {
        int64_t borrow = 0;
        for (i = 0; i < 16; i++) {
            const int64_t limb_of_p = i == 0 ? 0xffed : i == 15 ? 0x7fff : 0xffff;
            m[i] = t[i] - limb_of_p - borrow;
            borrow = m[i] < 0 ? 1 : 0;
            m[i] += borrow * 65536;
        }
        if (!borrow) fe_copy(t, m);
    }
    for (i = 0; i < 16; i++) {
        out[2 * i] = (uint8_t)(t[i] & 0xff);
        out[2 * i + 1] = (uint8_t)(t[i] >> 8);
    }
}

/* The low 255 bits of 32 little-endian bytes (bit 255 is the sign of x in point encodings). */
static void fe_unpack(fe r, const uint8_t in[32]) {
    int i;
    for (i = 0; i < 16; i++) r[i] = (int64_t)in[2 * i] | (int64_t)in[2 * i + 1] << 8;
    r[15] &= 0x7fff;
}

static int fe_equal(const fe a, const fe b) {
    uint8_t pa[32], pb[32];
    fe_pack(pa, a);
    fe_pack(pb, b);
    return memcmp(pa, pb, 32) == 0;
}

static int fe_is_odd(const fe a) {
    uint8_t packed[32];
    fe_pack(packed, a);
    return packed[0] & 1;
}

static int fe_is_zero(const fe a) {
    static const uint8_t zero[32];
    uint8_t packed[32];
    fe_pack(packed, a);
    return memcmp(packed, zero, 32) == 0;
}

/* Whether the 255-bit number in `in` (sign bit ignored) is below p. */
static int is_canonical_field_encoding(const uint8_t in[32]) {
    int i;
    if ((in[31] & 0x7f) != 0x7f) return 1;
    for (i = 30; i >= 1; i--)
        if (in[i] != 0xff) return 1;
    return in[0] < 0xed;
}

/* The curve constants: d = -121665 / 121666, 2d, and sqrt(-1). Computed, not tabulated, so
 * they cannot be mistyped; verification is rare and this costs two exponentiations. */
typedef struct curve {
    fe d, d2, sqrt_minus_one;
} curve;

static void curve_init(curve *c) {
    fe num, den, two;
    fe_set(num, 121665);
    fe_set(den, 121666);
    fe_pow(den, den, exponent_p_minus_2);
    fe_mul(c->d, num, den);
    fe_set(num, 0);
    fe_sub(c->d, num, c->d);
    fe_carry(c->d);
    fe_add(c->d2, c->d, c->d);
    fe_carry(c->d2);
    fe_set(two, 2);
    fe_pow(c->sqrt_minus_one, two, exponent_p_minus_1_over_4);
}

/* RFC 8032 section 5.1.3. 0 when y is not below p, when x^2 = (y^2 - 1) / (d y^2 + 1) has no
 * root, or when x = 0 comes with the sign bit set. */
static int point_decode(point *p, const uint8_t in[32], const curve *c) {
    fe y2, u, v, v3, v7, x, vx2, one, minus_u, zero;
    if (!is_canonical_field_encoding(in)) return 0;
    fe_unpack(p->y, in);
    fe_set(one, 1);
    fe_set(zero, 0);
    fe_square(y2, p->y);
    fe_sub(u, y2, one);
    fe_mul(v, c->d, y2);
    fe_add(v, v, one);
    fe_square(v3, v);
    fe_mul(v3, v3, v);
    fe_square(v7, v3);
    fe_mul(v7, v7, v);
    /* Candidate root x = u v^3 (u v^7)^((p - 5) / 8). */
    fe_mul(x, u, v7);
    fe_pow(x, x, exponent_p_minus_5_over_8);
    fe_mul(x, x, v3);
    fe_mul(x, x, u);
    fe_square(vx2, x);
    fe_mul(vx2, vx2, v);
    fe_sub(minus_u, zero, u);
    if (fe_equal(vx2, u)) {
        /* x is a root */
    } else if (fe_equal(vx2, minus_u)) {
        fe_mul(x, x, c->sqrt_minus_one);
    } else {
        return 0;
    }
    if (fe_is_zero(x) && (in[31] >> 7)) return 0;
    if (fe_is_odd(x) != (in[31] >> 7)) fe_sub(x, zero, x);
    fe_copy(p->x, x);
    fe_set(p->z, 1);
    fe_mul(p->t, x, p->y);
    return 1;
}

static void point_add(point *r, const point *p, const point *q, const curve *c) {
    fe a, b, cc, d, e, f, g, h, t;
    fe_sub(a, p->y, p->x);
    fe_sub(t, q->y, q->x);
    fe_mul(a, a, t);
    fe_add(b, p->y, p->x);
    fe_add(t, q->y, q->x);
    fe_mul(b, b, t);
    fe_mul(cc, p->t, q->t);
    fe_mul(cc, cc, c->d2);
    fe_mul(d, p->z, q->z);
    fe_add(d, d, d);
    fe_sub(e, b, a);
    fe_sub(f, d, cc);
    fe_add(g, d, cc);
    fe_add(h, b, a);
    fe_mul(r->x, e, f);
    fe_mul(r->y, g, h);
    fe_mul(r->t, e, h);
    fe_mul(r->z, f, g);
}

static void point_encode(uint8_t out[32], const point *p) {
    fe inverse, x, y;
    fe_pow(inverse, p->z, exponent_p_minus_2);
    fe_mul(x, p->x, inverse);
    fe_mul(y, p->y, inverse);
    fe_pack(out, y);
    out[31] |= (uint8_t)(fe_is_odd(x) << 7);
}

/* The group order L = 2^252 + 27742317777372353535851937790883648493, little-endian. */
static const uint8_t group_order[32] = {
    0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10};

/* Whether the 32-byte little-endian number is below L. */
static int scalar_is_canonical(const uint8_t s[32]) {
    int i;
    for (i = 31; i >= 0; i--) {
        if (s[i] < group_order[i]) return 1;
        if (s[i] > group_order[i]) return 0;
    }
    return 0;
}

/* `wide` (64 little-endian bytes) mod L, one bit at a time from the top: r = 2r + bit, minus
 * L when that reaches it. r stays below 2L < 2^254, in eight 32-bit words. */
static void scalar_reduce(uint8_t out[32], const uint8_t wide[64]) {
    uint32_t r[8], order[8];
    int bit, i;
    memset(r, 0, sizeof r);
    for (i = 0; i < 8; i++)
        order[i] = (uint32_t)group_order[4 * i] | (uint32_t)group_order[4 * i + 1] << 8 |
                   (uint32_t)group_order[4 * i + 2] << 16 | (uint32_t)group_order[4 * i + 3] << 24;
    for (bit = 511; bit >= 0; bit--) {
        uint32_t carry = (uint32_t)(wide[bit >> 3] >> (bit & 7)) & 1u;
        int below = 0;
        for (i = 0; i < 8; i++) {
            const uint32_t top = r[i] >> 31;
            r[i] = r[i] << 1 | carry;
            carry = top;
        }
        for (i = 7; i >= 0; i--) {
            if (r[i] != order[i]) {
                below = r[i] < order[i];
                break;
            }
        }
        if (!below) {
            uint32_t borrow = 0;
            for (i = 0; i < 8; i++) {
                const uint64_t difference = (uint64_t)r[i] - order[i] - borrow;
                r[i] = (uint32_t)difference;
                borrow = (uint32_t)(difference >> 63);
            }
        }
    }
    for (i = 0; i < 32; i++) out[i] = (uint8_t)(r[i / 4] >> (8 * (i % 4)));
}

int tinyops_ed25519_verify(const uint8_t signature[64], const uint8_t *message, size_t len,
                           const uint8_t public_key[32]) {
    static const uint8_t base_encoding[32] = {
        0x58, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
        0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66};
    curve c;
    point base, minus_a, r_point, sum;
    uint8_t digest[64], k[32], candidate[32];
    tinyops_sha512_ctx hash;
    fe zero;
    int bit;
    if (signature == NULL || public_key == NULL || (message == NULL && len > 0)) return 0;
    if (!scalar_is_canonical(signature + 32)) return 0;
    curve_init(&c);
    if (!point_decode(&minus_a, public_key, &c)) return 0;
    if (!point_decode(&r_point, signature, &c)) return 0;
    if (!point_decode(&base, base_encoding, &c)) return 0;
    fe_set(zero, 0);
    fe_sub(minus_a.x, zero, minus_a.x);
    fe_sub(minus_a.t, zero, minus_a.t);

    /* k = SHA-512(R || A || M) mod L. */
    tinyops_sha512_init(&hash);
    tinyops_sha512_update(&hash, signature, 32);
    tinyops_sha512_update(&hash, public_key, 32);
    tinyops_sha512_update(&hash, message, len);
    tinyops_sha512_final(&hash, digest);
    scalar_reduce(k, digest);

    /* [S]B + [k](-A), both scalars at once (Straus): one doubling per bit. */
    memset(&sum, 0, sizeof sum);
    fe_set(sum.y, 1);
    fe_set(sum.z, 1);
    for (bit = 255; bit >= 0; bit--) {
        point_add(&sum, &sum, &sum, &c);
        if ((signature[32 + (bit >> 3)] >> (bit & 7)) & 1) point_add(&sum, &sum, &base, &c);
        if ((k[bit >> 3] >> (bit & 7)) & 1) point_add(&sum, &sum, &minus_a, &c);
    }
    point_encode(candidate, &sum);
    return memcmp(candidate, signature, 32) == 0;
}
