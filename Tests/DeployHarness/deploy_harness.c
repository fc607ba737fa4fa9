/* Runs a `tinyops deploy --format runtime --name dut` bundle on the samples in
 * harness_samples.h and prints, per sample, the model input bytes (after the feature block,
 * normalization and quantization) and the output bytes in hex:
 *
 *     in 0a0bf3...
 *     out 80807f...
 *
 * then "done N". A bundle deployed with --prepared (DUT_PREPARED) starts with
 * tinyops_init_prepared; the harness then also runs tinyops_init itself and exports its records
 * (tinyops_export_prepared), and fails unless they equal the image the host made: on a
 * 32-bit core, that is the check that the host computes the device's records. The same file builds for the host and, with ../FeatureHarness/cortex_m/
 * startup.c and a linker script from cortex_m/, for Cortex-M under QEMU (printf over
 * semihosting). Tests compare every line with tinyops' Swift path and the host runtime. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "dut_model.h"
#include "harness_samples.h"
#include "tinyops_runtime.h"
#ifdef DUT_PREPARED
#include "tinyops_prepared.h"
#endif
#ifdef HARNESS_FEATURES
#include "dut_features.h"
#endif

static uint32_t arena[(DUT_ARENA_BYTES + 3u) / 4u];
static tinyops_interpreter it;
#ifdef DUT_PREPARED
static uint32_t init_arena[(DUT_INIT_ARENA_BYTES + 3u) / 4u];
static uint32_t exported[(DUT_PREPARED_BYTES + 3u) / 4u];

/* tinyops_init on this core, exported, must give the bytes of dut_prepared. */
static int prepared_matches_device_init(void) {
    static tinyops_interpreter own;
    size_t written = 0;
    if (tinyops_init(&own, dut, dut_len, (uint8_t *)init_arena, sizeof init_arena) != TINYOPS_OK) return 0;
    if (tinyops_export_prepared(&own, (uint8_t *)exported, sizeof exported, &written) != TINYOPS_OK) return 0;
    return written == dut_prepared_len && memcmp(exported, dut_prepared, written) == 0;
}
#endif
#ifdef HARNESS_FEATURES
static float features[DUT_FEATURES_OUTPUT_COUNT];
static uint64_t scratch[(DUT_FEATURES_SCRATCH_BYTES + 7u) / 8u];
#endif

static void print_hex(const char *tag, const void *data, size_t bytes) {
    static const char digits[] = "0123456789abcdef";
    static char line[2 * 4096 + 1];
    const uint8_t *p = (const uint8_t *)data;
    size_t i;
    if (bytes > 4096) bytes = 4096;
    for (i = 0; i < bytes; i++) {
        line[2 * i] = digits[p[i] >> 4];
        line[2 * i + 1] = digits[p[i] & 15u];
    }
    line[2 * bytes] = '\0';
    printf("%s %s\n", tag, line);
}

int main(void) {
    tinyops_tensor_info in, out;
    uint32_t s;
#ifdef DUT_PREPARED
    if (!prepared_matches_device_init()) {
        printf("tinyops_init on this core does not export the prepared image the host made\n");
        return 8;
    }
    if (tinyops_init_prepared(&it, dut, dut_len, dut_prepared, dut_prepared_len, (uint8_t *)arena, sizeof arena) != TINYOPS_OK) {
#else
    if (tinyops_init(&it, dut, dut_len, (uint8_t *)arena, sizeof arena) != TINYOPS_OK) {
#endif
        char message[160];
        tinyops_error_message(tinyops_last_error(&it), message, sizeof message);
        printf("init failed: %s\n", message);
        return 3;
    }
    if (tinyops_arena_used(&it) != DUT_ARENA_BYTES) {
        printf("arena used %lu, header says %lu\n", (unsigned long)tinyops_arena_used(&it), (unsigned long)DUT_ARENA_BYTES);
        return 4;
    }
    for (s = 0; s < HARNESS_SAMPLES; s++) {
        const float *raw = harness_samples + (size_t)s * HARNESS_SAMPLE_ELEMENTS;
        const float *input = raw;
        tinyops_status status;
#ifdef HARNESS_FEATURES
        status = tinyops_features_run_f32(&dut_features, raw, features, scratch, sizeof scratch);
        if (status != TINYOPS_OK) {
            printf("features failed: %d\n", (int)status);
            return 5;
        }
        input = features;
#endif
#ifdef DUT_NORM_CHANNELS
        status = tinyops_set_input_f32(&it, 0, input, DUT_INPUT_ELEMENTS, dut_norm_mean, dut_norm_std, DUT_NORM_CHANNELS);
#else
        status = tinyops_set_input_f32(&it, 0, input, DUT_INPUT_ELEMENTS, NULL, NULL, 0);
#endif
        if (status != TINYOPS_OK) {
            printf("set input failed: %d\n", (int)status);
            return 6;
        }
        tinyops_input(&it, 0, &in);
        print_hex("in", in.data, in.bytes);
        if (tinyops_invoke(&it) != TINYOPS_OK) return 7;
        tinyops_output(&it, 0, &out);
        print_hex("out", out.data, out.bytes);
    }
    printf("done %lu\n", (unsigned long)s);
    return 0;
}
