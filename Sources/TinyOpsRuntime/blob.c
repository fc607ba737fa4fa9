/* Model blobs (tinyops_blob.h): header checks, then the model's SHA-256. */
#include <string.h>

#include "errors.h"
#include "tinyops_blob.h"

static uint32_t le16(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8; }
static uint32_t le32(const uint8_t *p) { return le16(p) | le16(p + 2) << 16; }

static tinyops_status fail(tinyops_error *e, tinyops_status status, tinyops_reason reason, int32_t offset) {
    tq_fail(e, status, reason);
    e->offset = offset;
    return status;
}

tinyops_status tinyops_blob_open(const uint8_t *blob, size_t blob_len, tinyops_blob_info *info,
                                 tinyops_error *error) {
    tinyops_error local;
    tinyops_error *e = error != NULL ? error : &local;
    uint8_t digest[32];
    uint32_t version, length;
    tq_error_reset(e);
    if (blob == NULL || info == NULL) return fail(e, TINYOPS_ERR_ARGUMENT, TINYOPS_REASON_NULL_ARGUMENT, -1);
    memset(info, 0, sizeof *info);
    if (blob_len < 8u || memcmp(blob, TINYOPS_BLOB_MAGIC, 4) != 0)
        return fail(e, TINYOPS_ERR_MODEL_CORRUPT, TINYOPS_REASON_BLOB_MAGIC, 0);
    version = le16(blob + 4);
    if (version != TINYOPS_BLOB_VERSION) return fail(e, TINYOPS_ERR_UNSUPPORTED, TINYOPS_REASON_BLOB_VERSION, 4);
    if (le16(blob + 6) != TINYOPS_BLOB_HEADER_BYTES)
        return fail(e, TINYOPS_ERR_MODEL_CORRUPT, TINYOPS_REASON_BLOB_HEADER, 6);
    if (blob_len < TINYOPS_BLOB_HEADER_BYTES) return fail(e, TINYOPS_ERR_MODEL_CORRUPT, TINYOPS_REASON_BLOB_LENGTH, 8);
    if (le32(blob + 12) != 0) return fail(e, TINYOPS_ERR_MODEL_CORRUPT, TINYOPS_REASON_BLOB_HEADER, 12);
    length = le32(blob + 8);
    if (length > blob_len - TINYOPS_BLOB_HEADER_BYTES)
        return fail(e, TINYOPS_ERR_MODEL_CORRUPT, TINYOPS_REASON_BLOB_LENGTH, 8);
    tinyops_sha256(blob + TINYOPS_BLOB_HEADER_BYTES, length, digest);
    if (memcmp(digest, blob + 16, 32) != 0) return fail(e, TINYOPS_ERR_MODEL_CORRUPT, TINYOPS_REASON_BLOB_HASH, 16);
    info->model = blob + TINYOPS_BLOB_HEADER_BYTES;
    info->model_len = length;
    info->version = version;
    memcpy(info->sha256, digest, 32);
    return TINYOPS_OK;
}

tinyops_status tinyops_blob_write_header(uint8_t header[TINYOPS_BLOB_HEADER_BYTES], size_t model_len,
                                         const uint8_t sha256[32]) {
    uint32_t i;
    if (header == NULL || sha256 == NULL) return TINYOPS_ERR_ARGUMENT;
    if (model_len > 0x7fffffffu) return TINYOPS_ERR_ARGUMENT;
    memset(header, 0, TINYOPS_BLOB_HEADER_BYTES);
    memcpy(header, TINYOPS_BLOB_MAGIC, 4);
    header[4] = (uint8_t)TINYOPS_BLOB_VERSION;
    header[6] = (uint8_t)TINYOPS_BLOB_HEADER_BYTES;
    for (i = 0; i < 4; i++) header[8 + i] = (uint8_t)((uint32_t)model_len >> (8 * i));
    memcpy(header + 16, sha256, 32);
    return TINYOPS_OK;
}
