/* Scalar functions of the feature blocks without libm. The Swift code in
 * Sources/TinyOpsKit/Features/FeatureMath.swift does the same operations in the same order;
 * change both together. */
#include <string.h>

#include "features_internal.h"

float tinyops_features_lnf(float x) {
    uint32_t bits;
    int32_t exponent;
    float m, s, s2, poly, lnm, e;
    memcpy(&bits, &x, sizeof bits);
    exponent = (int32_t)((bits >> 23) & 0xFFu) - 127;
    bits = (bits & 0x7FFFFFu) | 0x3F800000u;
    memcpy(&m, &bits, sizeof m);
    if (m > 0x1.6a09e6p+0f) {
        m = m * 0.5f;
        exponent += 1;
    }
    s = (m - 1.0f) / (m + 1.0f);
    s2 = s * s;
    poly = 1.0f + s2 * (0x1.555556p-2f + s2 * (0x1.99999ap-3f + s2 * (0x1.24924ap-3f + s2 * 0x1.c71c72p-4f)));
    lnm = (s + s) * poly;
    e = (float)exponent;
    return e * 0x1.62e4p-1f + (e * 0x1.7f7d1cp-20f + lnm);
}

/* Square root by the integer square root of the significand: x = m * 2^E (24-bit m),
 * M = m * 2^23 or m * 2^24 (E odd or even) lies in [2^46, 2^48), r = floor(sqrt(M)) has 24
 * bits, and r + 1 is taken when M - r^2 > r (never a tie). Correctly rounded, as IEEE sqrt. */
float tinyops_features_sqrtf(float x) {
    uint32_t bits, result_bits;
    int32_t e;
    uint64_t m, big, r = 0, rem = 0;
    int i;
    float result;
    if (!(x > 0.0f)) return x == x ? 0.0f : x; /* 0, negative -> 0; NaN stays */
    memcpy(&bits, &x, sizeof bits);
    if ((bits >> 23) == 0xFFu) return x; /* infinity */
    e = (int32_t)(bits >> 23);
    m = bits & 0x7FFFFFu;
    if (e == 0) { /* subnormal: normalize */
        e = 1;
        while (!(m & 0x800000u)) { m <<= 1; e -= 1; }
    } else {
        m |= 0x800000u;
    }
    e -= 127 + 23; /* x = m * 2^e */
    if (e & 1) { big = m << 23; e -= 23; } else { big = m << 24; e -= 24; }
    /* Bitwise integer square root of a 48-bit number. */
    for (i = 23; i >= 0; i--) {
        rem = (rem << 2) | ((big >> (2 * i)) & 3u);
        r <<= 1;
        if (rem >= 2 * r + 1) { rem -= 2 * r + 1; r += 1; }
    }
    if (rem > r) r += 1;
    /* value = r * 2^(e/2), r in [2^23, 2^24] (2^24 carries into the exponent). */
    result_bits = (uint32_t)((e / 2 + 127 + 23) << 23) + (uint32_t)(r - 0x800000u);
    memcpy(&result, &result_bits, sizeof result);
    return result;
}

int tqf_bit_length64(uint64_t x) {
    int n = 0;
    while (x >= 0x10000u) { x >>= 16; n += 16; }
    while (x) { x >>= 1; n += 1; }
    return n;
}

/* round(log2(1 + i/128) * 2^30), i = 0..128. */
static const int32_t log2_q30[129] = {
    0, 12055174, 24017256, 35887675, 47667823, 59359063,
    70962728, 82480119, 93912511, 105261148, 116527248, 127712004,
    138816582, 149842124, 160789745, 171660541, 182455581, 193175914,
    203822568, 214396548, 224898839, 235330407, 245692198, 255985140,
    266210141, 276368092, 286459867, 296486323, 306448299, 316346620,
    326182095, 335955515, 345667660, 355319292, 364911162, 374444004,
    383918542, 393335482, 402695523, 411999347, 421247625, 430441017,
    439580170, 448665721, 457698295, 466678506, 475606957, 484484242,
    493310944, 502087636, 510814882, 519493235, 528123241, 536705435,
    545240343, 553728485, 562170370, 570566499, 578917365, 587223455,
    595485245, 603703206, 611877800, 620009483, 628098702, 636145900,
    644151509, 652115959, 660039669, 667923055, 675766525, 683570481,
    691335320, 699061430, 706749198, 714399001, 722011213, 729586201,
    737124328, 744625951, 752091421, 759521085, 766915285, 774274358,
    781598637, 788888448, 796144114, 803365955, 810554283, 817709409,
    824831638, 831921271, 838978604, 846003931, 852997541, 859959719,
    866890747, 873790901, 880660455, 887499680, 894308843, 901088206,
    907838029, 914558569, 921250079, 927912807, 934547002, 941152905,
    947730758, 954280797, 960803257, 967298370, 973766362, 980207461,
    986621888, 993009864, 999371606, 1005707329, 1012017244, 1018301561,
    1024560487, 1030794226, 1037002979, 1043186948, 1049346328, 1055481314,
    1061592099, 1067678873, 1073741824
};

int32_t tinyops_features_ln_q16(uint64_t x, int32_t minus_exponent) {
    int n = tqf_bit_length64(x) - 1;
    uint64_t f = x << (63 - n);
    int index = (int)((f >> 56) & 127u);
    int64_t rest = (int64_t)((f >> 32) & 0xFFFFFFu);
    int64_t t0 = log2_q30[index], t1 = log2_q30[index + 1];
    int64_t fraction = t0 + (((t1 - t0) * rest + ((int64_t)1 << 23)) >> 24);
    int64_t log2_value = (int64_t)(n - minus_exponent) * ((int64_t)1 << 30) + fraction;
    return (int32_t)((log2_value * 11629080 + ((int64_t)1 << 37)) >> 38);
}
