/* tinyops update packages on the device: checking that a `.tpk` was signed by the holder of
 * the release key before installing its model.
 *
 * `tinyops package MODEL --key KEY ... -o model.tpk` writes a package (docs/package-format.md):
 *
 *   offset            size  content
 *   0                 32    header: "TPK1", format version 1, algorithm 1 (Ed25519), header
 *                           length 32, manifest length M, model offset, model length N,
 *                           signature offset, signature length 64 (little-endian)
 *   32                M     manifest (canonical JSON)
 *   32 + M            P     zero padding to a 16-byte boundary
 *   model_offset      N     the .tflite model
 *   signature_offset  64    Ed25519 signature of bytes [0, signature_offset)
 *
 * The signature covers the header, the manifest and the model, so a valid signature proves
 * all three came unchanged from the key's holder. The device keeps the 32-byte public key
 * in its firmware: the hex `tinyops keygen` prints ("public key bytes", or public_key_hex with
 * --json), as a `static const uint8_t release_public_key[32]`:
 *
 *     tinyops_package_info package;
 *     if (tinyops_package_open(received, received_len, release_public_key, &package, &error) == TINYOPS_OK)
 *         status = tinyops_init(&it, package.model, package.model_len, arena, sizeof arena);
 *
 * Ed25519 here is RFC 8032 section 5.1.7 verification, the same checks as `tinyops verify`:
 * S below the group order, R and A canonical curve point encodings, and [S]B - [k]A encoding
 * to exactly R. It runs in variable time, which is fine for verification: every input is
 * public. It needs about 5 KB of stack (arm-none-eabi-gcc -fstack-usage, -Os) and no arena.
 *
 * Same properties as the interpreter: no malloc, no global state, no libc beyond
 * <stdint.h>, <stddef.h>, <string.h>; nothing outside [package, package + len) is read. */
#ifndef TINYOPS_PACKAGE_H
#define TINYOPS_PACKAGE_H

#include <stddef.h>
#include <stdint.h>

#include "tinyops_runtime.h"

#ifdef __cplusplus
extern "C" {
#endif

#define TINYOPS_PACKAGE_MAGIC "TPK1"
#define TINYOPS_PACKAGE_VERSION 1u
#define TINYOPS_PACKAGE_HEADER_BYTES 32u

/* SHA-512 (FIPS 180-4), in pieces or in one call. */
typedef struct tinyops_sha512_ctx {
    uint64_t state[8];
    uint64_t length;
    uint8_t block[128];
    uint32_t fill;
} tinyops_sha512_ctx;

void tinyops_sha512_init(tinyops_sha512_ctx *h);
void tinyops_sha512_update(tinyops_sha512_ctx *h, const void *data, size_t len);
void tinyops_sha512_final(tinyops_sha512_ctx *h, uint8_t digest[64]);
void tinyops_sha512(const void *data, size_t len, uint8_t digest[64]);

/* Ed25519 signature check (RFC 8032, pure Ed25519: no context, no pre-hash). Returns 1 when
 * `signature` is a valid signature of the `len` bytes at `message` under `public_key`, 0
 * otherwise (also for a public key that is not a canonical curve point encoding). */
int tinyops_ed25519_verify(const uint8_t signature[64], const uint8_t *message, size_t len,
                           const uint8_t public_key[32]);

/* What a verified package holds. */
typedef struct tinyops_package_info {
    const uint8_t *manifest; /* package + 32: canonical JSON, not NUL-terminated */
    size_t manifest_len;
    const uint8_t *model;    /* package + model offset (16-byte aligned within the package) */
    size_t model_len;
    uint8_t model_sha256[32];
} tinyops_package_info;

/* Checks the package at `package` (`len` bytes: exactly the package, as received): every
 * header field, then the Ed25519 signature over [0, signature offset) with `public_key`, then
 * computes the model's SHA-256. TINYOPS_OK fills `info`. Otherwise `info` is cleared and `error`
 * (may be NULL) says why: TINYOPS_ERR_ARGUMENT (NULL_ARGUMENT), TINYOPS_ERR_MODEL_CORRUPT
 * (PACKAGE_MAGIC, PACKAGE_HEADER, PACKAGE_LENGTH; offset = the header field),
 * TINYOPS_ERR_UNSUPPORTED (PACKAGE_VERSION: format version or signature algorithm),
 * TINYOPS_ERR_MODEL_INVALID (PACKAGE_SIGNATURE: not signed by this key, or changed since). */
tinyops_status tinyops_package_open(const uint8_t *package, size_t len, const uint8_t public_key[32],
                                    tinyops_package_info *info, tinyops_error *error);

#ifdef __cplusplus
}
#endif

#endif /* TINYOPS_PACKAGE_H */
