/* Error helpers shared by the runtime's files. */
#ifndef TINYOPS_ERRORS_H
#define TINYOPS_ERRORS_H

#include "tinyops_runtime.h"

/* Sets status and reason (keeping the location fields) and returns 0, so checks read
 * `if (bad) return tq_fail(e, ..., ...);`. */
int tq_fail(tinyops_error *e, tinyops_status status, tinyops_reason reason);

/* No error, every location field -1. */
void tq_error_reset(tinyops_error *e);

#endif /* TINYOPS_ERRORS_H */
