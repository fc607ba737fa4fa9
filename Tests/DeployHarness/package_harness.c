/* Checks an update package on a Cortex-M core (DevicePackageCortexMTests): the package and
 * the raw public key come from package_data.c, written by the test. Prints the model length
 * and its SHA-256 when the package opens, and checks that a flipped bit in the model, a
 * flipped bit in the key and a truncation are refused. */
#include <stdio.h>
#include <string.h>

#include "tinyops_package.h"

extern const unsigned char package_data[];
extern const unsigned int package_len;
extern const unsigned char public_key[32];

static unsigned char copy[8192];

int main(void) {
    tinyops_package_info info;
    tinyops_error error;
    unsigned char key[32];
    unsigned int i;
    if (package_len > sizeof copy) return 2;
    if (tinyops_package_open(package_data, package_len, public_key, &info, &error) != TINYOPS_OK) {
        printf("refused: reason %d\n", (int)error.reason);
        return 1;
    }
    printf("opened: model %u bytes, sha256 ", (unsigned)info.model_len);
    for (i = 0; i < 32; i++) printf("%02x", info.model_sha256[i]);
    printf("\n");
    memcpy(copy, package_data, package_len);
    copy[(size_t)(info.model - package_data) + info.model_len / 2] ^= 0x10;
    if (tinyops_package_open(copy, package_len, public_key, &info, &error) != TINYOPS_ERR_MODEL_INVALID) return 3;
    memcpy(key, public_key, 32);
    key[7] ^= 1;
    if (tinyops_package_open(package_data, package_len, key, &info, &error) == TINYOPS_OK) return 4;
    if (tinyops_package_open(package_data, package_len - 1, public_key, &info, &error) == TINYOPS_OK) return 5;
    printf("refused: modified model, other key, truncation\nOK\n");
    return 0;
}
