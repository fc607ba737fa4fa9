/* Firmware-shaped program for `bench/deploy/sizes.sh`: a deployed model (`--name bench`) run
 * once by TinyOpsRuntime. -DSIZE_BASELINE keeps only the model array and the arena (what any
 * runtime needs), so the difference is the runtime's own code; -DSIZE_MESSAGES also formats
 * an error message (links the reason texts and operator names unless TINYOPS_NO_ERROR_TEXT).
 * A bundle deployed with --prepared (BENCH_PREPARED) starts with tinyops_init_prepared, and
 * its baseline keeps the prepared image too (data made for the model, like the model array). */
#include <stdint.h>

#include "bench_model.h"
#include "tinyops_runtime.h"
#ifdef BENCH_PREPARED
#include "tinyops_prepared.h"
#endif

static uint32_t arena[(BENCH_ARENA_BYTES + 3u) / 4u];

int main(void) {
#ifndef SIZE_BASELINE
    static tinyops_interpreter it;
#ifdef BENCH_PREPARED
    if (tinyops_init_prepared(&it, bench, bench_len, bench_prepared, bench_prepared_len, (uint8_t *)arena, sizeof arena) !=
        TINYOPS_OK) {
#else
    if (tinyops_init(&it, bench, bench_len, (uint8_t *)arena, sizeof arena) != TINYOPS_OK) {
#endif
#ifdef SIZE_MESSAGES
        char message[96];
        tinyops_error_message(tinyops_last_error(&it), message, sizeof message);
        return (int)message[0];
#else
        return (int)tinyops_last_error(&it)->reason;
#endif
    }
    ((int8_t *)tinyops_input_data(&it, 0))[0] = 1;
    tinyops_invoke(&it);
    return ((const int8_t *)tinyops_output_data(&it, 0))[0];
#else
    /* Volatile accesses keep the model and the arena without running anything. The arena is
     * written too: an array only ever read would be placed in flash as a constant. */
    volatile const unsigned char *model = bench;
    volatile uint32_t *ram = arena;
    ram[0] = model[bench_len - 1u];
#ifdef BENCH_PREPARED
    {
        volatile const unsigned char *prepared = bench_prepared;
        ram[0] += prepared[bench_prepared_len - 1u];
    }
#endif
    return (int)ram[0];
#endif
}
