/* tinyops model blobs and SHA-256: checking a model that was written to its own flash
 * partition (an update applied apart from the firmware) before running it.
 *
 * A blob is what `tinyops deploy --format bin` writes (docs/model-blob.md): a 48-byte
 * header, then the .tflite model.
 *
 *   offset  size  field
 *        0     4  magic "TOBL"
 *        4     2  format version, little-endian (1)
 *        6     2  header size in bytes, little-endian (48 for version 1)
 *        8     4  model length in bytes, little-endian
 *       12     4  reserved, 0
 *       16    32  SHA-256 of the model bytes (what `sha256sum model.tflite` prints)
 *       48     n  the model
 *
 * Keep the blob 16-byte aligned (a flash partition is); the model then is too, at +48.
 *
 *     tinyops_blob_info blob;
 *     if (tinyops_blob_open(partition, partition_size, &blob, &error) == TINYOPS_OK)
 *         status = tinyops_init(&it, blob.model, blob.model_len, arena, sizeof arena);
 *
 * Same properties as the interpreter: no malloc, no global state, no libc beyond
 * <stdint.h>, <stddef.h>, <string.h>; nothing outside [blob, blob + blob_len) is read. */
#ifndef TINYOPS_BLOB_H
#define TINYOPS_BLOB_H

#include <stddef.h>
#include <stdint.h>

#include "tinyops_runtime.h"

#ifdef __cplusplus
extern "C" {
#endif

#define TINYOPS_BLOB_MAGIC "TOBL"
#define TINYOPS_BLOB_VERSION 1u
#define TINYOPS_BLOB_HEADER_BYTES 48u

/* What a checked blob holds. */
typedef struct tinyops_blob_info {
    const uint8_t *model; /* blob + 48 */
    size_t model_len;
    uint32_t version;
    uint8_t sha256[32];   /* the model's digest, as recorded and verified */
} tinyops_blob_info;

/* Checks the header of the blob at `blob` (`blob_len` bytes available, which may be a whole
 * partition, longer than the blob), then the model's SHA-256. TINYOPS_OK: `info` describes
 * the model. Otherwise `info` is cleared and `error` (may be NULL) says why:
 * TINYOPS_ERR_ARGUMENT (NULL_ARGUMENT), TINYOPS_ERR_MODEL_CORRUPT (BLOB_MAGIC, BLOB_HEADER,
 * BLOB_LENGTH, BLOB_HASH; offset = the byte concerned), TINYOPS_ERR_UNSUPPORTED (BLOB_VERSION). */
tinyops_status tinyops_blob_open(const uint8_t *blob, size_t blob_len, tinyops_blob_info *info,
                                 tinyops_error *error);

/* Writes the 48-byte header of a blob holding a `model_len`-byte model whose SHA-256 is
 * `sha256`: what firmware puts in front of a model it rebuilt from a patch
 * (tinyops_patch_info), so that the slot opens with tinyops_blob_open at the next boot.
 * TINYOPS_ERR_ARGUMENT for NULL pointers or a model of 2 GiB or more. */
tinyops_status tinyops_blob_write_header(uint8_t header[TINYOPS_BLOB_HEADER_BYTES], size_t model_len,
                                         const uint8_t sha256[32]);

/* SHA-256 (FIPS 180-4), incremental: init, update any number of times, final. */
typedef struct tinyops_sha256_ctx {
    uint32_t state[8];
    uint64_t length;       /* bytes hashed so far */
    uint8_t block[64];     /* a partial block */
    uint32_t block_len;
} tinyops_sha256_ctx;

void tinyops_sha256_init(tinyops_sha256_ctx *h);
void tinyops_sha256_update(tinyops_sha256_ctx *h, const void *data, size_t len);
void tinyops_sha256_final(tinyops_sha256_ctx *h, uint8_t digest[32]);
/* One call: digest of `len` bytes at `data`. */
void tinyops_sha256(const void *data, size_t len, uint8_t digest[32]);

#ifdef __cplusplus
}
#endif

#endif /* TINYOPS_BLOB_H */
