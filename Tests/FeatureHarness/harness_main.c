/* Runs a generated feature config (features_config.h/.c, from FeatureConfigRenderer) on the
 * input in harness_input.h and prints every output value's bits in hex, one per line, then
 * "status N". The same file builds for the host and, with cortex_m/startup.c, for Cortex-M
 * under QEMU (printf over semihosting); tests compare both with tinyops' Swift features.
 * bench_begin/bench_end bracket the feature call for the instruction-count plugin. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "features_config.h"
#include "harness_input.h"

void bench_begin(void);
void bench_end(void);
__attribute__((noinline)) void bench_begin(void) { __asm__ volatile("" ::: "memory"); }
__attribute__((noinline)) void bench_end(void) { __asm__ volatile("" ::: "memory"); }

static uint64_t scratch[(FEATURES_CONFIG_SCRATCH_BYTES + 7) / 8 + 1];

#if FEATURES_CONFIG_FIXED
static int32_t output[FEATURES_CONFIG_OUTPUT_COUNT];
#else
static float output[FEATURES_CONFIG_OUTPUT_COUNT];
#endif

int main(void) {
    tinyops_status status;
    uint32_t i;
    if (tinyops_features_scratch_bytes(&features_config, FEATURES_CONFIG_FIXED) > sizeof scratch) {
        printf("scratch %lu > %lu\n", (unsigned long)tinyops_features_scratch_bytes(&features_config, FEATURES_CONFIG_FIXED),
               (unsigned long)sizeof scratch);
        return 3;
    }
    for (i = 0; i < HARNESS_REPEAT; i++) {
        bench_begin();
#if FEATURES_CONFIG_FIXED
        status = tinyops_features_run_q16(&features_config, harness_input, output, scratch, sizeof scratch);
#else
        status = tinyops_features_run_f32(&features_config, harness_input, output, scratch, sizeof scratch);
#endif
        bench_end();
    }
    for (i = 0; i < FEATURES_CONFIG_OUTPUT_COUNT; i++) {
        uint32_t bits;
        memcpy(&bits, &output[i], sizeof bits);
        printf("%08lx\n", (unsigned long)bits);
    }
    printf("status %d\n", (int)status);
    return status == TINYOPS_OK ? 0 : 2;
}
