#include "tinyops_runtime.h"

uint32_t tinyops_runtime_version(void) {
    return ((uint32_t)TINYOPS_RUNTIME_VERSION_MAJOR << 16) |
           ((uint32_t)TINYOPS_RUNTIME_VERSION_MINOR << 8) |
           (uint32_t)TINYOPS_RUNTIME_VERSION_PATCH;
}
