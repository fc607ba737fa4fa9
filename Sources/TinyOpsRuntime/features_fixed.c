/* The integer path of logmel and mfcc (no FPU): 16-bit PCM in, Q16 out. Mirrors
 * Sources/TinyOpsKit/Features/FeatureExtractor+Fixed.swift; docs/dataset-format.md
 * ("arith=fixed") gives the steps and the bounds that keep every value in range:
 *   u  = y * w_q15                      |u| < 2^30, exact
 *   u' = u * 2^-d                       block scaling to |u'| <= 2^(29 - log2 N)
 *   2X = FFT(u') in int32, Q30 twiddles |2X| <= 2^30
 *   p  = |2X|^2 in uint64               < 2^61
 *   E  = sum w_q15 * (p >> s)           < 2^62 (s from the frame's largest p)
 *   ln = ln(E) - (77 - 2d - s) ln 2     Q16, floored at ln(log_floor)
 *   c  = sum dct_q30 * ln >> 30         Q16 */
#include "features_internal.h"

static int32_t saturate16(int32_t x) { return x > 32767 ? 32767 : (x < -32768 ? -32768 : x); }

tinyops_status tqf_audio_q16(const tinyops_features_config *c, const int16_t *pcm, int32_t *out, uint8_t *scratch) {
    uint32_t ch = c->channels, n = c->fft_length, m = n / 2, channel, frame, t, i, k, b, j;
    uint32_t mels = c->mel_bands;
    uint32_t per_frame = c->block == TINYOPS_FEATURES_MFCC ? c->coefficients : mels;
    int32_t pre = c->pre_emphasis_q15, floor_value = c->log_floor_q16;
    int target = 29 - (tqf_bit_length64(n) - 1);
    int32_t *work = (int32_t *)(void *)scratch;
    uint64_t *power = (uint64_t *)(void *)(scratch + (size_t)n * sizeof(int32_t));
    int32_t *bands = (int32_t *)(void *)(power + m + 1);
    const int32_t *tw = c->twiddles_q30;
    for (channel = 0; channel < ch; channel++) {
        for (frame = 0; frame < c->frame_count; frame++) {
            uint32_t start = frame * c->frame_step, row = frame * per_frame;
            uint32_t largest = 0;
            for (t = 0; t < n; t++) {
                int32_t u = 0;
                if (t < c->frame_length) {
                    uint32_t g = start + t;
                    int32_t y = pcm[g * ch + channel];
                    if (pre != 0 && g > 0) y = saturate16(y - ((pre * (int32_t)pcm[(g - 1) * ch + channel] + 16384) >> 15));
                    u = y * (int32_t)c->window_q15[t];
                    {
                        uint32_t magnitude = u < 0 ? (uint32_t)0 - (uint32_t)u : (uint32_t)u;
                        if (magnitude > largest) largest = magnitude;
                    }
                }
                work[2 * (uint32_t)c->bitrev[t >> 1] + (t & 1u)] = u;
            }
            if (largest == 0) {
                for (b = 0; b < mels; b++) bands[b] = floor_value;
            } else {
                int d = tqf_bit_length64(largest) - target, shift, exponent;
                uint64_t largest_power = 0;
                if (d > 0) {
                    int32_t half_unit = (int32_t)1 << (d - 1);
                    for (i = 0; i < n; i++) work[i] = (work[i] + half_unit) >> d;
                } else if (d < 0) {
                    int32_t factor = (int32_t)1 << (-d);
                    for (i = 0; i < n; i++) work[i] = work[i] * factor;
                }
                tqf_fft_q30(work, n, tw);
                for (k = 0; k <= m; k++) {
                    uint32_t p = 2 * (k == m ? 0 : k), q = 2 * (k == 0 ? 0 : m - k);
                    int32_t zkr = work[p], zki = work[p + 1], zmr = work[q], zmi = work[q + 1];
                    int32_t er = zkr + zmr, ei = zki - zmi;
                    int32_t orr = zki + zmi, oi = zmr - zkr;
                    int64_t wr = tw[2 * k], wi = tw[2 * k + 1];
                    int32_t xr = er + (int32_t)((wr * orr - wi * oi + ((int64_t)1 << 29)) >> 30);
                    int32_t xi = ei + (int32_t)((wr * oi + wi * orr + ((int64_t)1 << 29)) >> 30);
                    uint64_t value = (uint64_t)((int64_t)xr * xr) + (uint64_t)((int64_t)xi * xi);
                    power[k] = value;
                    if (value > largest_power) largest_power = value;
                }
                shift = tqf_bit_length64(largest_power) + (int)c->mel_guard_bits - 62;
                if (shift < 0) shift = 0;
                exponent = 77 - 2 * d - shift;
                for (b = 0; b < mels; b++) {
                    const tinyops_mel_band *band = &c->bands[b];
                    const uint16_t *w = c->mel_weights_q15 + band->weight_offset;
                    const uint64_t *p = power + band->first_bin;
                    uint64_t e = 0;
                    for (i = 0; i < band->bin_count; i++) e += (uint64_t)w[i] * (p[i] >> shift);
                    if (e == 0) {
                        bands[b] = floor_value;
                    } else {
                        int32_t value = tinyops_features_ln_q16(e, exponent);
                        bands[b] = value > floor_value ? value : floor_value;
                    }
                }
            }
            if (c->block == TINYOPS_FEATURES_LOGMEL) {
                for (b = 0; b < mels; b++) out[(row + b) * ch + channel] = bands[b];
            } else {
                for (j = 0; j < c->coefficients; j++) {
                    const int32_t *dct = c->dct_q30 + j * mels;
                    int64_t acc = 0;
                    for (b = 0; b < mels; b++) acc += (int64_t)dct[b] * bands[b];
                    out[(row + j) * ch + channel] = (int32_t)((acc + ((int64_t)1 << 29)) >> 30);
                }
            }
        }
    }
    return TINYOPS_OK;
}
