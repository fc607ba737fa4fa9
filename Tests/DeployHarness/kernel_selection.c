/* Host check of TinyOpsRuntime's kernel selection: built with a bundle's runtime (and its
 * tinyops_config.h), it loads another model (other_model.h/.c, --name other) and prints
 * "init S reason R" and which builtin codes the build supports. */
#include <stdint.h>
#include <stdio.h>

#include "other_model.h"
#include "tinyops_runtime.h"

static uint32_t arena[(OTHER_ARENA_BYTES + 3u) / 4u];

int main(void) {
    static tinyops_interpreter it;
    int32_t code;
    tinyops_status status = tinyops_init(&it, other, other_len, (uint8_t *)arena, sizeof arena);
    printf("init %d reason %d op %ld\n", (int)status, (int)tinyops_last_error(&it)->reason, (long)tinyops_last_error(&it)->opcode);
    printf("supported");
    for (code = 0; code < 128; code++) {
        if (tinyops_op_supported(code)) printf(" %ld", (long)code);
    }
    printf("\n");
    return 0;
}
