/* Runs a `tinyops deploy --format runtime --name dut` bundle on the samples in
 * harness_samples.h through tinyops_invoke_with_telemetry and prints each telemetry line
 * (docs/telemetry.md), then "done N". The tick source is a fake clock that advances 123457
 * ticks per read at 48 MHz, so every latency is 2572 us on every machine. Built for the host
 * and, with ../FeatureHarness/cortex_m/startup.c and a linker script from cortex_m/, for
 * Cortex-M under QEMU (printf over semihosting): the lines must be identical. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "dut_model.h"
#include "harness_samples.h"
#include "tinyops_runtime.h"
#include "tinyops_telemetry.h"
#ifdef HARNESS_FEATURES
#include "dut_features.h"
#endif

static uint32_t arena[(DUT_ARENA_BYTES + 3u) / 4u];
static tinyops_interpreter it;
static tinyops_telemetry telemetry;
#ifdef HARNESS_FEATURES
static float features[DUT_FEATURES_OUTPUT_COUNT];
static uint64_t scratch[(DUT_FEATURES_SCRATCH_BYTES + 7u) / 8u];
#endif

static uint32_t fake_ticks(void *user) {
    uint32_t *now = (uint32_t *)user;
    *now += 123457u;
    return *now;
}

static void emit(const char *line, size_t length, void *user) {
    (void)user;
    printf("%.*s", (int)length, line);
}

int main(void) {
    static uint32_t now = 0xFFFF0000u; /* wraps during the run */
    uint32_t s;
    if (tinyops_init(&it, dut, dut_len, (uint8_t *)arena, sizeof arena) != TINYOPS_OK) {
        printf("init failed\n");
        return 3;
    }
    telemetry.model_id = DUT_MODEL_ID;
    telemetry.ticks = fake_ticks;
    telemetry.ticks_per_second = 48000000u;
    telemetry.emit = emit;
    telemetry.user = &now;
    for (s = 0; s < HARNESS_SAMPLES; s++) {
        const float *input = harness_samples + (size_t)s * HARNESS_SAMPLE_ELEMENTS;
        tinyops_status status;
#ifdef HARNESS_FEATURES
        status = tinyops_features_run_f32(&dut_features, input, features, scratch, sizeof scratch);
        if (status != TINYOPS_OK) return 5;
        input = features;
#endif
#ifdef DUT_NORM_CHANNELS
        status = tinyops_set_input_f32(&it, 0, input, DUT_INPUT_ELEMENTS, dut_norm_mean, dut_norm_std, DUT_NORM_CHANNELS);
#else
        status = tinyops_set_input_f32(&it, 0, input, DUT_INPUT_ELEMENTS, NULL, NULL, 0);
#endif
        if (status != TINYOPS_OK) return 6;
        if (tinyops_invoke_with_telemetry(&it, &telemetry) != TINYOPS_OK) return 7;
    }
    printf("done %lu\n", (unsigned long)s);
    return 0;
}
