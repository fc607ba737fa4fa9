/* tinyops model patches: updating a model in flash by downloading only what changed.
 *
 * `tinyops diff OLD.tflite NEW.tflite -o PATCH` writes a patch (docs/model-patch.md): an
 * 80-byte header naming both models by length and SHA-256, then operations that rebuild the
 * new model front to back from the old one: COPY a run of old bytes, INSERT bytes carried
 * in the patch, END.
 *
 *   offset  size  field
 *        0     4  magic "TOPD"
 *        4     2  format version, little-endian (1)
 *        6     2  header size in bytes, little-endian (80)
 *        8     4  old model length, little-endian
 *       12     4  new model length, little-endian
 *       16    32  SHA-256 of the old model
 *       48    32  SHA-256 of the new model
 *       80     .  operations: 0x01 COPY len delta | 0x02 INSERT len bytes | 0x00 END
 *                 (len: unsigned LEB128, >= 1; delta: zigzag LEB128 of the old offset
 *                 minus the end of the previous COPY)
 *
 * The device keeps running the old model from one slot and rebuilds the new one into a
 * second slot (a caller-provided buffer that must not overlap the old model). The patch can
 * arrive in pieces of any size (radio packets, flash pages): feed each piece to
 * tinyops_patch_update as it comes; nothing is buffered beyond a few bytes of state.
 *
 *     tinyops_patch patch;
 *     tinyops_patch_info result;
 *     tinyops_patch_begin(&patch, old_model, old_len, slot_b, slot_b_size);
 *     while (receive(chunk, &n)) if (tinyops_patch_update(&patch, chunk, n) != TINYOPS_OK) break;
 *     if (tinyops_patch_finish(&patch, &result) == TINYOPS_OK) {
 *         ... slot_b holds result.model_len bytes whose SHA-256 is result.sha256: switch slots
 *     } else {
 *         ... tinyops_patch_error(&patch) says why; keep running the old model
 *     }
 *
 * Checks, all bounds-checked before any byte is written: the header (magic, version, size,
 * lengths); the old model's length and SHA-256 against the header (a patch for another
 * model is refused before it writes anything); every operation (a COPY must lie inside the
 * old model, no write may pass the new length, lengths are non-zero and canonical); the
 * end marker, no bytes after it, exactly the new length written; and last, the SHA-256 of
 * the rebuilt model against the header. Only then does finish return TINYOPS_OK. The first
 * error sticks: later calls return it again. The patch is not authenticated by itself: to
 * trust an update, compare result.sha256 with the content_sha256 of a verified signed
 * manifest (docs/package-format.md).
 *
 * No malloc, no global state, no libc beyond <stdint.h>, <stddef.h>, <string.h>; nothing
 * outside the old model and the output buffer is read or written. */
#ifndef TINYOPS_PATCH_H
#define TINYOPS_PATCH_H

#include <stddef.h>
#include <stdint.h>

#include "tinyops_runtime.h"

#ifdef __cplusplus
extern "C" {
#endif

#define TINYOPS_PATCH_MAGIC "TOPD"
#define TINYOPS_PATCH_VERSION 1u
#define TINYOPS_PATCH_HEADER_BYTES 80u

/* Patch operation codes. */
#define TINYOPS_PATCH_END 0x00u
#define TINYOPS_PATCH_COPY 0x01u
#define TINYOPS_PATCH_INSERT 0x02u

/* A patch being applied. Allocate it anywhere; its fields are private. */
typedef struct tinyops_patch {
    const uint8_t *old_;
    size_t old_len_;
    uint8_t *out_;
    size_t out_capacity_;
    uint32_t old_length_;   /* from the header */
    uint32_t new_length_;
    uint32_t written_;      /* output bytes so far */
    uint32_t old_cursor_;   /* end of the previous COPY in the old model */
    uint32_t consumed_;     /* patch bytes taken so far */
    uint32_t value_;        /* varint being read */
    uint32_t shift_;
    uint32_t length_;       /* COPY length, or INSERT bytes still to come */
    uint32_t state_;
    uint32_t header_fill_;
    uint8_t header_[TINYOPS_PATCH_HEADER_BYTES];
    tinyops_error error_;
} tinyops_patch;

/* What a successful patch produced. */
typedef struct tinyops_patch_info {
    size_t model_len;      /* bytes written at the start of the output buffer */
    uint8_t sha256[32];    /* their SHA-256, checked against the patch header */
} tinyops_patch_info;

/* Starts applying a patch to the model at `old_model` (`old_len` bytes: exactly the model,
 * e.g. tinyops_blob_info.model and .model_len) into `out` (`out_capacity` bytes available).
 * TINYOPS_ERR_ARGUMENT for a NULL pointer (NULL_ARGUMENT) or an output buffer overlapping the
 * old model (PATCH_OVERLAP). */
tinyops_status tinyops_patch_begin(tinyops_patch *patch, const uint8_t *old_model, size_t old_len, uint8_t *out,
                                   size_t out_capacity);

/* Applies the next `len` bytes of the patch. Errors: TINYOPS_ERR_MODEL_CORRUPT (PATCH_MAGIC,
 * PATCH_HEADER, PATCH_OP, PATCH_RANGE, PATCH_TRAILING; error.offset = the patch byte),
 * TINYOPS_ERR_UNSUPPORTED (PATCH_VERSION), TINYOPS_ERR_MODEL_INVALID (PATCH_BASE: the old
 * model is not the one the patch was made from), TINYOPS_ERR_LIMIT (PATCH_CAPACITY;
 * error.needed = the new model's length), TINYOPS_ERR_ARGUMENT (NULL_ARGUMENT, PATCH_STATE). */
tinyops_status tinyops_patch_update(tinyops_patch *patch, const uint8_t *data, size_t len);

/* Ends the patch: requires the end marker, every byte of the new model written, and its
 * SHA-256 equal to the header's. TINYOPS_OK fills `info` (may be NULL). Errors as update,
 * plus TINYOPS_ERR_MODEL_CORRUPT with PATCH_TRUNCATED or PATCH_HASH. */
tinyops_status tinyops_patch_finish(tinyops_patch *patch, tinyops_patch_info *info);

/* The first error (status TINYOPS_OK if none). */
const tinyops_error *tinyops_patch_error(const tinyops_patch *patch);

/* One call: begin, update with the whole patch, finish. `info` and `error` may be NULL. */
tinyops_status tinyops_patch_apply(const uint8_t *patch_bytes, size_t patch_len, const uint8_t *old_model,
                                   size_t old_len, uint8_t *out, size_t out_capacity, tinyops_patch_info *info,
                                   tinyops_error *error);

#ifdef __cplusplus
}
#endif

#endif /* TINYOPS_PATCH_H */
