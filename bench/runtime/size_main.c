/* Firmware-shaped program for measuring TinyOpsRuntime's linked flash footprint on
 * Cortex-M (bench/runtime/run.sh links it with and without the runtime calls). */
#include <stddef.h>
#include <stdint.h>

#include "tinyops_runtime.h"

extern const uint8_t model_data[];
extern const size_t model_size;
const uint8_t model_data[16] = {0};
const size_t model_size = sizeof model_data;
static uint8_t arena[4096];

int main(void) {
#ifndef SIZE_BASELINE
    static tinyops_interpreter it;
    char message[96];
    if (tinyops_init(&it, model_data, model_size, arena, sizeof arena) != TINYOPS_OK) {
        tinyops_error_message(tinyops_last_error(&it), message, sizeof message);
        return (int)message[0];
    }
    ((int8_t *)tinyops_input_data(&it, 0))[0] = 1;
    tinyops_invoke(&it);
    return ((const int8_t *)tinyops_output_data(&it, 0))[0];
#else
    return arena[0];
#endif
}
