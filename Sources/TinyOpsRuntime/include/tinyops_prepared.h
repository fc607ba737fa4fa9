/* Prepared images: tinyops_init done ahead of time, on the host.
 *
 * tinyops_init verifies the model, computes every operator's record (fixed-point
 * multipliers, shapes, offsets) and places the tensors. For a firmware that ships one known
 * model, all of that can be computed once at build time: `tinyops deploy --prepared` runs
 * tinyops_init on the host and writes its result as a second const array, the prepared
 * image. On the device, tinyops_init_prepared then only checks the image and points the
 * interpreter at it, so the model reader, the operator checks, the planner and the prepare
 * functions are never linked (--gc-sections): the runtime is the invoke loop and the model's
 * kernels. The records stay in flash, so the arena holds the activations only.
 *
 * The image is the arena's record region, which has fixed-width fields and no pointers, so a
 * 64-bit host computes the bytes a 32-bit microcontroller's tinyops_init computes (checked
 * under QEMU on every Cortex-M core the tests run). Layout, all fields little-endian uint32
 * unless noted (docs/prepared-image.md):
 *
 *     0  magic "TOPR"            4  format version (1)     8  record layout version
 *    12  image bytes            16  model bytes            20  CRC-32 of the model
 *    24  operator count         28  input count            32  output count
 *    36  record bytes           40  activation bytes
 *    44  one 48-byte descriptor per graph input, then per output: bytes, type, rank,
 *        dims[6], scale (float32), zero point, tensor index
 *        then the record region (operator table, I/O references, records)
 *   end  CRC-32 (IEEE 802.3, as zlib) of every byte before it
 *
 * What the device checks: the magic and versions, that every length and offset is
 * consistent, the image's CRC-32, and that the model has the length and CRC-32 the image
 * was made from. A CRC catches corruption, not tampering: sign the firmware or the update
 * package (tinyops package) for that. */
#ifndef TINYOPS_PREPARED_H
#define TINYOPS_PREPARED_H

#include <stddef.h>
#include <stdint.h>

#include "tinyops_runtime.h"

#ifdef __cplusplus
extern "C" {
#endif

#define TINYOPS_PREPARED_FORMAT_VERSION 1u

/* Starts an interpreter from a prepared image instead of preparing the model. `model` is the
 * model the image was made from (same bytes); `prepared` must be 4-byte aligned and both must
 * stay valid while the interpreter is used. The arena needs the image's activation bytes
 * (plus up to 3 bytes of alignment); tinyops_arena_used reports them. Errors:
 * MODEL_CORRUPT (PREPARED_MAGIC, PREPARED_HEADER, PREPARED_CRC), UNSUPPORTED
 * (PREPARED_VERSION: made by another runtime version), MODEL_INVALID (PREPARED_MODEL: the
 * model is not the one the image was made from), UNSUPPORTED_OP (OPERATOR_EXCLUDED: a kernel
 * tinyops_config.h left out), MISALIGNED, ARENA_TOO_SMALL (with `needed`), ARGUMENT. */
tinyops_status tinyops_init_prepared(tinyops_interpreter *it, const uint8_t *model, size_t model_len,
                                     const uint8_t *prepared, size_t prepared_len, uint8_t *arena, size_t arena_len);

/* Writes the prepared image of an interpreter started with tinyops_init into `out`.
 * *written receives the image size; with out == NULL (or a capacity below that size) nothing
 * is written and the call returns TINYOPS_OK or TINYOPS_ERR_WORK_TOO_SMALL respectively.
 * TINYOPS_ERR_ARGUMENT when `it` is not initialised by tinyops_init or `written` is NULL;
 * TINYOPS_ERR_MISALIGNED when the model was not 4-byte aligned (the image would then not
 * hold on an aligned device copy). */
tinyops_status tinyops_export_prepared(const tinyops_interpreter *it, uint8_t *out, size_t capacity, size_t *written);

/* CRC-32 (IEEE 802.3 polynomial, reflected, as zlib's crc32) of `bytes`. */
uint32_t tinyops_crc32(const uint8_t *bytes, size_t length);

#ifdef __cplusplus
}
#endif

#endif /* TINYOPS_PREPARED_H */
