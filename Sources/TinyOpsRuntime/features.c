/* Feature blocks on the device: checks, scratch layout, raw, spectral and the float32
 * logmel/mfcc path. Mirrors Sources/TinyOpsKit/Features/FeatureExtractor.swift operation by
 * operation (same order of float operations), so host and device agree bit for bit. */
#include <string.h>

#include "features_internal.h"

static int is_power_of_two(uint32_t n) { return n >= 4 && n <= 65536u && (n & (n - 1)) == 0; }

static uint8_t *align8(void *p) {
    uintptr_t address = (uintptr_t)p;
    return (uint8_t *)p + ((8 - (address & 7u)) & 7u);
}

tinyops_status tinyops_features_check(const tinyops_features_config *c, int is_q16) {
    uint64_t half, per_frame;
    uint32_t b;
    if (!c || c->channels == 0 || c->window_length == 0) return TINYOPS_ERR_ARGUMENT;
    if (c->block == TINYOPS_FEATURES_RAW) {
        return (uint64_t)c->output_count == (uint64_t)c->window_length * c->channels ? TINYOPS_OK : TINYOPS_ERR_ARGUMENT;
    }
    if (c->block > TINYOPS_FEATURES_MFCC) return TINYOPS_ERR_UNSUPPORTED;
    if (!is_power_of_two(c->fft_length) || !c->bitrev || c->frame_length == 0 || c->frame_length > c->fft_length ||
        c->frame_count == 0 || c->frame_step == 0) {
        return TINYOPS_ERR_ARGUMENT;
    }
    half = c->fft_length / 2;
    if (c->block == TINYOPS_FEATURES_SPECTRAL) {
        if (is_q16) return TINYOPS_ERR_UNSUPPORTED;
        if (!c->window || !c->twiddles || c->detrend > TINYOPS_DETREND_LINEAR) return TINYOPS_ERR_ARGUMENT;
        if (c->frame_count == 1 ? c->frame_length > c->window_length
                                : (c->frame_length != c->fft_length ||
                                   (uint64_t)(c->frame_count - 1) * c->frame_step + c->fft_length > c->window_length)) {
            return TINYOPS_ERR_ARGUMENT;
        }
        return (uint64_t)c->output_count == (1 + half + 2 * (uint64_t)c->peaks) * c->channels ? TINYOPS_OK : TINYOPS_ERR_ARGUMENT;
    }
    if ((uint64_t)(c->frame_count - 1) * c->frame_step + c->frame_length > c->window_length) return TINYOPS_ERR_ARGUMENT;
    if (c->mel_bands == 0 || !c->bands) return TINYOPS_ERR_ARGUMENT;
    for (b = 0; b < c->mel_bands; b++) {
        if (c->bands[b].bin_count == 0 || (uint64_t)c->bands[b].first_bin + c->bands[b].bin_count > half + 1) {
            return TINYOPS_ERR_ARGUMENT;
        }
    }
    per_frame = c->mel_bands;
    if (c->block == TINYOPS_FEATURES_MFCC) {
        if (c->coefficients == 0 || c->coefficients > c->mel_bands) return TINYOPS_ERR_ARGUMENT;
        if (is_q16 ? !c->dct_q30 : !c->dct) return TINYOPS_ERR_ARGUMENT;
        per_frame = c->coefficients;
    }
    if ((uint64_t)c->output_count != (uint64_t)c->frame_count * per_frame * c->channels) return TINYOPS_ERR_ARGUMENT;
    if (is_q16) {
        if (!c->window_q15 || !c->twiddles_q30 || !c->mel_weights_q15 || c->mel_guard_bits > 40) return TINYOPS_ERR_ARGUMENT;
    } else {
        if (!c->window || !c->twiddles || !c->mel_weights || !(c->log_floor > 1e-30f)) return TINYOPS_ERR_ARGUMENT;
    }
    return TINYOPS_OK;
}

size_t tinyops_features_scratch_bytes(const tinyops_features_config *c, int is_q16) {
    size_t n, half_plus_one;
    if (tinyops_features_check(c, is_q16) != TINYOPS_OK) return 0;
    if (c->block == TINYOPS_FEATURES_RAW) return 0;
    n = c->fft_length;
    half_plus_one = n / 2 + 1;
    if (c->block == TINYOPS_FEATURES_SPECTRAL) return 7 + n * sizeof(float) + 2 * half_plus_one * sizeof(float);
    if (is_q16) return 7 + n * sizeof(int32_t) + half_plus_one * sizeof(uint64_t) + c->mel_bands * sizeof(int32_t);
    return 7 + n * sizeof(float) + half_plus_one * sizeof(float) + c->mel_bands * sizeof(float);
}

/* logmel / mfcc, float32, one channel. */
static void audio_f32(const tinyops_features_config *c, const float *x, uint32_t channel, float *out,
                      float *work, float *power, float *bands) {
    uint32_t ch = c->channels, n = c->fft_length, frame, t, b, i, j;
    uint32_t mels = c->mel_bands;
    uint32_t per_frame = c->block == TINYOPS_FEATURES_MFCC ? c->coefficients : mels;
    float pre = c->pre_emphasis, floor_value = c->log_floor;
    for (frame = 0; frame < c->frame_count; frame++) {
        uint32_t start = frame * c->frame_step, row = frame * per_frame;
        for (t = 0; t < n; t++) {
            float value = 0.0f;
            if (t < c->frame_length) {
                uint32_t g = start + t;
                float s = x[g * ch + channel];
                if (pre != 0.0f && g > 0) s = s - pre * x[(g - 1) * ch + channel];
                value = s * c->window[t];
            }
            work[2 * (uint32_t)c->bitrev[t >> 1] + (t & 1u)] = value;
        }
        tqf_fft_f32(work, n, c->twiddles);
        tqf_split_power_f32(work, n, c->twiddles, power);
        for (b = 0; b < mels; b++) {
            const tinyops_mel_band *band = &c->bands[b];
            const float *w = c->mel_weights + band->weight_offset;
            const float *p = power + band->first_bin;
            float e = 0.0f;
            for (i = 0; i < band->bin_count; i++) e = e + w[i] * p[i];
            if (e < floor_value) e = floor_value;
            bands[b] = tinyops_features_lnf(e);
        }
        if (c->block == TINYOPS_FEATURES_LOGMEL) {
            for (b = 0; b < mels; b++) out[(row + b) * ch + channel] = bands[b];
        } else {
            for (j = 0; j < c->coefficients; j++) {
                const float *d = c->dct + j * mels;
                float acc = 0.0f;
                for (b = 0; b < mels; b++) acc = acc + d[b] * bands[b];
                out[(row + j) * ch + channel] = acc;
            }
        }
    }
}

/* spectral, float32, one channel. */
static void spectral_f32(const tinyops_features_config *c, const float *x, uint32_t channel, float *out,
                         float *work, float *power, float *sums) {
    uint32_t ch = c->channels, n = c->fft_length, half = n / 2, length = c->window_length;
    uint32_t i, k, s, p, slot = 0, stride = c->channels;
    float mean = 0.0f, slope = 0.0f, squares = 0.0f, previous_amplitude = 0.0f;
    int32_t previous_bin = -1;
    int have_previous = 0;
    if (c->detrend != TINYOPS_DETREND_NONE) {
        float sum = 0.0f;
        for (i = 0; i < length; i++) sum = sum + x[i * ch + channel];
        mean = sum * c->inv_window_length;
    }
    if (c->detrend == TINYOPS_DETREND_LINEAR) {
        float acc = 0.0f;
        for (i = 0; i < length; i++) acc = acc + ((float)i - c->time_center) * x[i * ch + channel];
        slope = acc * c->inv_time_squares;
    }
#define TQF_DETRENDED(index) ((x[(index) * ch + channel] - mean) - slope * ((float)(index) - c->time_center))
    for (i = 0; i < length; i++) {
        float d = TQF_DETRENDED(i);
        squares = squares + d * d;
    }
    out[slot++ * stride + channel] = tinyops_features_sqrtf(squares * c->inv_window_length);
    for (k = 0; k <= half; k++) sums[k] = 0.0f;
    for (s = 0; s < c->frame_count; s++) {
        uint32_t start = s * c->frame_step;
        for (i = 0; i < n; i++) {
            float value = i < c->frame_length ? TQF_DETRENDED(start + i) * c->window[i] : 0.0f;
            work[2 * (uint32_t)c->bitrev[i >> 1] + (i & 1u)] = value;
        }
        tqf_fft_f32(work, n, c->twiddles);
        tqf_split_power_f32(work, n, c->twiddles, power);
        for (k = 0; k <= half; k++) sums[k] = sums[k] + power[k];
    }
#undef TQF_DETRENDED
    for (k = 0; k <= half; k++) {
        float scale = k == 0 || k == half ? c->amplitude_scale_edge : c->amplitude_scale;
        sums[k] = tinyops_features_sqrtf(sums[k] * c->inv_segments) * scale;
    }
    for (k = 1; k <= half; k++) out[slot++ * stride + channel] = sums[k];
    /* Peaks: local maxima (above the left neighbour, not below the right one), by amplitude,
     * then by frequency; missing peaks are (0, 0). */
    for (p = 0; p < c->peaks; p++) {
        int32_t best_bin = -1;
        float best_amplitude = 0.0f;
        for (k = 1; k <= half; k++) {
            float a = sums[k];
            if (!(a > sums[k - 1]) || !(k == half || a >= sums[k + 1])) continue;
            if (have_previous && !(a < previous_amplitude || (a == previous_amplitude && (int32_t)k > previous_bin))) continue;
            if (best_bin < 0 || a > best_amplitude) {
                best_bin = (int32_t)k;
                best_amplitude = a;
            }
        }
        if (best_bin < 0) {
            out[slot++ * stride + channel] = 0.0f;
            out[slot++ * stride + channel] = 0.0f;
        } else {
            out[slot++ * stride + channel] = (float)best_bin * c->bin_hz;
            out[slot++ * stride + channel] = best_amplitude;
            previous_amplitude = best_amplitude;
            previous_bin = best_bin;
            have_previous = 1;
        }
    }
}

tinyops_status tinyops_features_run_f32(const tinyops_features_config *c, const float *input, float *output,
                                        void *scratch, size_t scratch_bytes) {
    tinyops_status status = tinyops_features_check(c, 0);
    uint32_t channel, n;
    float *work, *power, *third;
    if (status != TINYOPS_OK) return status;
    if (!input || !output) return TINYOPS_ERR_ARGUMENT;
    if (c->block == TINYOPS_FEATURES_RAW) {
        memcpy(output, input, (size_t)c->output_count * sizeof(float));
        return TINYOPS_OK;
    }
    if (!scratch || scratch_bytes < tinyops_features_scratch_bytes(c, 0)) return TINYOPS_ERR_WORK_TOO_SMALL;
    n = c->fft_length;
    work = (float *)(void *)align8(scratch);
    power = work + n;
    third = power + n / 2 + 1;
    for (channel = 0; channel < c->channels; channel++) {
        if (c->block == TINYOPS_FEATURES_SPECTRAL) {
            spectral_f32(c, input, channel, output, work, power, third);
        } else {
            audio_f32(c, input, channel, output, work, power, third);
        }
    }
    return TINYOPS_OK;
}

tinyops_status tinyops_features_run_q16(const tinyops_features_config *c, const int16_t *input, int32_t *output,
                                        void *scratch, size_t scratch_bytes) {
    tinyops_status status = tinyops_features_check(c, 1);
    uint32_t i;
    if (status != TINYOPS_OK) return status;
    if (!input || !output) return TINYOPS_ERR_ARGUMENT;
    if (c->block == TINYOPS_FEATURES_RAW) {
        for (i = 0; i < c->output_count; i++) output[i] = (int32_t)input[i] * 2;
        return TINYOPS_OK;
    }
    if (!scratch || scratch_bytes < tinyops_features_scratch_bytes(c, 1)) return TINYOPS_ERR_WORK_TOO_SMALL;
    return tqf_audio_q16(c, input, output, align8(scratch));
}
