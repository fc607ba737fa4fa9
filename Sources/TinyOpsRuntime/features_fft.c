/* Real FFT power spectra for the feature blocks: an N/2-point complex radix-2 FFT
 * (decimation in time, input in bit-reversed order) of the even/odd samples packed as
 * complex numbers, then the split step to the N-point real transform. Float32 and int32/Q30.
 * Mirrors Sources/TinyOpsKit/Features/FFT.swift and FeatureExtractor+Fixed.swift. */
#include "features_internal.h"

void tqf_fft_f32(float *work, uint32_t n, const float *twiddles) {
    uint32_t m = n / 2, i, size, half, stride, start, j;
    /* Size-2 butterflies: the twiddle is 1. */
    for (i = 0; i < m; i += 2) {
        float *a = work + 2 * i, *b = a + 2;
        float ar = a[0], ai = a[1], br = b[0], bi = b[1];
        a[0] = ar + br; a[1] = ai + bi;
        b[0] = ar - br; b[1] = ai - bi;
    }
    for (size = 4; size <= m; size *= 2) {
        half = size / 2;
        stride = n / size;
        for (start = 0; start < m; start += size) {
            for (j = 0; j < half; j++) {
                float wr = twiddles[2 * j * stride], wi = twiddles[2 * j * stride + 1];
                float *a = work + 2 * (start + j), *b = a + 2 * half;
                float br = b[0], bi = b[1];
                float tr = wr * br - wi * bi;
                float ti = wr * bi + wi * br;
                float ar = a[0], ai = a[1];
                b[0] = ar - tr; b[1] = ai - ti;
                a[0] = ar + tr; a[1] = ai + ti;
            }
        }
    }
}

void tqf_split_power_f32(const float *work, uint32_t n, const float *twiddles, float *power) {
    uint32_t m = n / 2, k;
    for (k = 0; k <= m; k++) {
        uint32_t p = 2 * (k == m ? 0 : k), q = 2 * (k == 0 ? 0 : m - k);
        float zkr = work[p], zki = work[p + 1], zmr = work[q], zmi = work[q + 1];
        float er = zkr + zmr, ei = zki - zmi;
        float orr = zki + zmi, oi = zmr - zkr;
        float wr = twiddles[2 * k], wi = twiddles[2 * k + 1];
        float xr = 0.5f * (er + (wr * orr - wi * oi));
        float xi = 0.5f * (ei + (wr * oi + wi * orr));
        power[k] = xr * xr + xi * xi;
    }
}

void tqf_fft_q30(int32_t *work, uint32_t n, const int32_t *twiddles) {
    uint32_t m = n / 2, i, size, half, stride, start, j;
    for (i = 0; i < m; i += 2) {
        int32_t *a = work + 2 * i, *b = a + 2;
        int32_t ar = a[0], ai = a[1], br = b[0], bi = b[1];
        a[0] = ar + br; a[1] = ai + bi;
        b[0] = ar - br; b[1] = ai - bi;
    }
    for (size = 4; size <= m; size *= 2) {
        half = size / 2;
        stride = n / size;
        for (start = 0; start < m; start += size) {
            for (j = 0; j < half; j++) {
                int64_t wr = twiddles[2 * j * stride], wi = twiddles[2 * j * stride + 1];
                int32_t *a = work + 2 * (start + j), *b = a + 2 * half;
                int64_t br = b[0], bi = b[1];
                int32_t tr = (int32_t)((wr * br - wi * bi + ((int64_t)1 << 29)) >> 30);
                int32_t ti = (int32_t)((wr * bi + wi * br + ((int64_t)1 << 29)) >> 30);
                int32_t ar = a[0], ai = a[1];
                b[0] = ar - tr; b[1] = ai - ti;
                a[0] = ar + tr; a[1] = ai + ti;
            }
        }
    }
}
