/* Shared by the feature block files (features*.c). */
#ifndef TINYOPS_FEATURES_INTERNAL_H
#define TINYOPS_FEATURES_INTERNAL_H

#include "tinyops_features.h"

/* N/2-point complex FFT in place (bit-reversed order in, natural order out), float32. */
void tqf_fft_f32(float *work, uint32_t n, const float *twiddles);

/* |X_k|^2 for k = 0..N/2 from the complex FFT of the packed samples (the split step). */
void tqf_split_power_f32(const float *work, uint32_t n, const float *twiddles, float *power);

/* The same FFT in int32 with Q30 twiddles, no scaling between stages. */
void tqf_fft_q30(int32_t *work, uint32_t n, const int32_t *twiddles);

/* Bit length of x (0 for 0). */
int tqf_bit_length64(uint64_t x);

/* Fixed-point logmel / mfcc (features_fixed.c). */
tinyops_status tqf_audio_q16(const tinyops_features_config *c, const int16_t *input, int32_t *output,
                             uint8_t *scratch);

#endif /* TINYOPS_FEATURES_INTERNAL_H */
