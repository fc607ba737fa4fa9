/* Update packages (tinyops_package.h): header checks, then the Ed25519 signature. */
#include <string.h>

#include "errors.h"
#include "tinyops_blob.h"
#include "tinyops_package.h"

static uint32_t le16(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8; }
static uint32_t le32(const uint8_t *p) { return le16(p) | le16(p + 2) << 16; }

static tinyops_status fail(tinyops_error *e, tinyops_status status, tinyops_reason reason, int32_t offset) {
    tq_fail(e, status, reason);
    e->offset = offset;
    return status;
}

tinyops_status tinyops_package_open(const uint8_t *package, size_t len, const uint8_t public_key[32],
                                    tinyops_package_info *info, tinyops_error *error) {
    tinyops_error local;
    tinyops_error *e = error != NULL ? error : &local;
    uint32_t manifest_len, model_offset, model_len, signature_offset, i;
    tq_error_reset(e);
    if (package == NULL || public_key == NULL || info == NULL)
        return fail(e, TINYOPS_ERR_ARGUMENT, TINYOPS_REASON_NULL_ARGUMENT, -1);
    memset(info, 0, sizeof *info);
    if (len < 8u || memcmp(package, TINYOPS_PACKAGE_MAGIC, 4) != 0)
        return fail(e, TINYOPS_ERR_MODEL_CORRUPT, TINYOPS_REASON_PACKAGE_MAGIC, 0);
    if (le16(package + 4) != TINYOPS_PACKAGE_VERSION)
        return fail(e, TINYOPS_ERR_UNSUPPORTED, TINYOPS_REASON_PACKAGE_VERSION, 4);
    if (le16(package + 6) != 1u) return fail(e, TINYOPS_ERR_UNSUPPORTED, TINYOPS_REASON_PACKAGE_VERSION, 6);
    if (len < TINYOPS_PACKAGE_HEADER_BYTES) return fail(e, TINYOPS_ERR_MODEL_CORRUPT, TINYOPS_REASON_PACKAGE_LENGTH, 0);
    if (le32(package + 8) != TINYOPS_PACKAGE_HEADER_BYTES)
        return fail(e, TINYOPS_ERR_MODEL_CORRUPT, TINYOPS_REASON_PACKAGE_HEADER, 8);
    /* Every field holds the one value the others imply (docs/package-format.md), so a
     * package has one layout and the arithmetic below cannot overflow. */
    manifest_len = le32(package + 12);
    if (manifest_len < 2u || manifest_len > 65536u)
        return fail(e, TINYOPS_ERR_MODEL_CORRUPT, TINYOPS_REASON_PACKAGE_HEADER, 12);
    model_offset = le32(package + 16);
    if (model_offset != ((TINYOPS_PACKAGE_HEADER_BYTES + manifest_len + 15u) & ~15u))
        return fail(e, TINYOPS_ERR_MODEL_CORRUPT, TINYOPS_REASON_PACKAGE_HEADER, 16);
    model_len = le32(package + 20);
    if (model_len < 1u || model_len > 0x7fffffffu - model_offset - 64u)
        return fail(e, TINYOPS_ERR_MODEL_CORRUPT, TINYOPS_REASON_PACKAGE_HEADER, 20);
    signature_offset = le32(package + 24);
    if (signature_offset != model_offset + model_len)
        return fail(e, TINYOPS_ERR_MODEL_CORRUPT, TINYOPS_REASON_PACKAGE_HEADER, 24);
    if (le32(package + 28) != 64u) return fail(e, TINYOPS_ERR_MODEL_CORRUPT, TINYOPS_REASON_PACKAGE_HEADER, 28);
    if (len != (size_t)signature_offset + 64u) return fail(e, TINYOPS_ERR_MODEL_CORRUPT, TINYOPS_REASON_PACKAGE_LENGTH, 24);
    if (!tinyops_ed25519_verify(package + signature_offset, package, signature_offset, public_key))
        return fail(e, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_PACKAGE_SIGNATURE, (int32_t)signature_offset);
    /* Authenticated from here on; the padding must still be zero, as `tinyops verify` requires. */
    for (i = TINYOPS_PACKAGE_HEADER_BYTES + manifest_len; i < model_offset; i++)
        if (package[i] != 0) return fail(e, TINYOPS_ERR_MODEL_CORRUPT, TINYOPS_REASON_PACKAGE_HEADER, (int32_t)i);
    info->manifest = package + TINYOPS_PACKAGE_HEADER_BYTES;
    info->manifest_len = manifest_len;
    info->model = package + model_offset;
    info->model_len = model_len;
    tinyops_sha256(package + model_offset, model_len, info->model_sha256);
    return TINYOPS_OK;
}
