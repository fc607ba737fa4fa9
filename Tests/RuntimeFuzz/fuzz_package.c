/* Mutation fuzzing of the device's package check (tinyops_package.h), for sanitizer builds
 * (scripts/sanitize.sh compiles it with -fsanitize=address,undefined).
 *
 *   fuzz_package [--mutations N] [--seed S] PACKAGE.tpk PUBLIC_KEY.raw
 *
 * The package as it is must open, with the model where the header says; every truncation and
 * N mutated copies (flipped bits, random bytes, header fields set to edge values, the key
 * flipped instead) must not. Each copy lives in a heap block of exactly its size, so
 * AddressSanitizer reports any read outside it. Exit status 0 when everything held. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_support.h"
#include "tinyops_package.h"

/* Opens a copy of exactly `len` bytes; returns the status. */
static tinyops_status open_copy(const uint8_t *bytes, size_t len, const uint8_t key[32]) {
    uint8_t *copy = (uint8_t *)malloc(len > 0 ? len : 1);
    tinyops_package_info info;
    tinyops_error error;
    tinyops_status status;
    if (copy == NULL) abort();
    if (len > 0) memcpy(copy, bytes, len);
    status = tinyops_package_open(copy, len, key, &info, &error);
    free(copy);
    return status;
}

int main(int argc, char **argv) {
    long mutations = 200;
    int arg = 1, failures = 0;
    size_t len, key_len, i, refused = 0;
    uint8_t *package, *key, *mutated;
    tinyops_package_info info;
    rng_state = 1;
    while (arg + 1 < argc && strncmp(argv[arg], "--", 2) == 0) {
        if (strcmp(argv[arg], "--mutations") == 0) mutations = atol(argv[arg + 1]);
        else if (strcmp(argv[arg], "--seed") == 0) rng_state = (uint64_t)atoll(argv[arg + 1]);
        arg += 2;
    }
    if (arg + 2 != argc) {
        fprintf(stderr, "usage: fuzz_package [--mutations N] [--seed S] PACKAGE.tpk PUBLIC_KEY.raw\n");
        return 2;
    }
    package = read_file("fuzz_package", argv[arg], &len);
    key = read_file("fuzz_package", argv[arg + 1], &key_len);
    if (key_len != 32) {
        fprintf(stderr, "fuzz_package: %s is not a 32-byte raw public key\n", argv[arg + 1]);
        return 2;
    }
    if (tinyops_package_open(package, len, key, &info, NULL) != TINYOPS_OK || info.model_len == 0 ||
        info.model + info.model_len + 64 != package + len) {
        fprintf(stderr, "fuzz_package: %s does not open\n", argv[arg]);
        return 1;
    }
    for (i = 0; i < len; i++) {
        if (open_copy(package, i, key) == TINYOPS_OK) {
            fprintf(stderr, "fuzz_package: truncation to %zu bytes opened\n", i);
            failures++;
        }
    }
    mutated = (uint8_t *)malloc(len);
    if (mutated == NULL) abort();
    for (i = 0; i < (size_t)mutations; i++) {
        uint8_t flipped_key[32];
        const uint8_t *use_key = key;
        size_t n, changes = 1 + below(3);
        memcpy(mutated, package, len);
        for (n = 0; n < changes; n++) {
            switch (below(4)) {
            case 0: mutated[below(len)] ^= (uint8_t)(1u << below(8)); break;
            case 1: mutated[below(len)] = (uint8_t)next_random(); break;
            case 2: { /* a header field set to an edge value */
                static const uint32_t edges[] = {0u, 1u, 2u, 31u, 32u, 64u, 65536u, 65537u, 0x7fffffffu, 0xffffffffu};
                const size_t field = 4 * below(8);
                const uint32_t v = edges[below(sizeof edges / sizeof edges[0])];
                mutated[field] = (uint8_t)v;
                mutated[field + 1] = (uint8_t)(v >> 8);
                mutated[field + 2] = (uint8_t)(v >> 16);
                mutated[field + 3] = (uint8_t)(v >> 24);
                break;
            }
            default:
                memcpy(flipped_key, key, 32);
                flipped_key[below(32)] ^= (uint8_t)(1u << below(8));
                use_key = flipped_key;
                break;
            }
        }
        if (memcmp(mutated, package, len) == 0 && use_key == key) continue;
        if (open_copy(mutated, len, use_key) == TINYOPS_OK) {
            fprintf(stderr, "fuzz_package: mutation %zu opened\n", i);
            failures++;
        } else {
            refused++;
        }
    }
    printf("fuzz_package: %s: %zu truncations and %zu mutations refused, %d failures\n", argv[arg], len, refused, failures);
    free(mutated);
    free(package);
    free(key);
    return failures == 0 ? 0 : 1;
}
