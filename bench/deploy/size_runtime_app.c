/* Firmware-shaped program for `bench/deploy/runtime_code_sizes.py`: TinyOpsRuntime's init and
 * invoke on a model the compiler cannot see (a volatile pointer), so every kernel the
 * configuration selects is linked whatever the model. -DSIZE_BASELINE keeps only the volatile
 * reads (start-up code, libc): the difference is the runtime's code and constant data.
 * -DSIZE_PREPARED starts with tinyops_init_prepared (deploy --prepared) instead. */
#include <stddef.h>
#include <stdint.h>

#include "tinyops_prepared.h"
#include "tinyops_runtime.h"

static uint32_t arena[64];
static const unsigned char placeholder[16];
const unsigned char *volatile model_pointer = placeholder;
volatile size_t model_length = sizeof placeholder;

int main(void) {
#ifndef SIZE_BASELINE
    static tinyops_interpreter it;
#ifdef SIZE_PREPARED
    if (tinyops_init_prepared(&it, model_pointer, model_length, model_pointer, model_length, (uint8_t *)arena,
                              sizeof arena) != TINYOPS_OK) {
#else
    if (tinyops_init(&it, model_pointer, model_length, (uint8_t *)arena, sizeof arena) != TINYOPS_OK) {
#endif
        return (int)tinyops_last_error(&it)->reason;
    }
    ((int8_t *)tinyops_input_data(&it, 0))[0] = 1;
    tinyops_invoke(&it);
    return ((const int8_t *)tinyops_output_data(&it, 0))[0];
#else
    /* The arena is written: an array only ever read would be placed in flash as a constant. */
    volatile uint32_t *ram = arena;
    ram[0] = model_pointer[model_length - 1u];
    return (int)ram[0];
#endif
}
