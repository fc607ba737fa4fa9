/* TinyOpsRuntime: a C99 int8 interpreter for .tflite models.
 * The same sources compile on the host (SwiftPM C target) and for Cortex-M. */
#ifndef TINYOPS_RUNTIME_H
#define TINYOPS_RUNTIME_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TINYOPS_RUNTIME_VERSION_MAJOR 0
#define TINYOPS_RUNTIME_VERSION_MINOR 1
#define TINYOPS_RUNTIME_VERSION_PATCH 0

/* Runtime version packed as (major << 16) | (minor << 8) | patch. */
uint32_t tinyops_runtime_version(void);

#ifdef __cplusplus
}
#endif

#endif /* TINYOPS_RUNTIME_H */
