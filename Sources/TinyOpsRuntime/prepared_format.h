/* Field positions of the prepared image (tinyops_prepared.h), shared by the writer
 * (prepared_export.c) and the reader (prepared.c). */
#ifndef TINYOPS_PREPARED_FORMAT_H
#define TINYOPS_PREPARED_FORMAT_H

#include "tinyops_runtime.h"

/* The descriptor has room for six dimensions: the format is fixed, the runtime's limit too. */
#if TINYOPS_MAX_DIMS != 6
#error "prepared image descriptors hold exactly 6 dimensions"
#endif

#define TQ_PREPARED_MAGIC 0x52504F54u /* "TOPR" read as a little-endian uint32 */
#define TQ_PREPARED_HEADER_BYTES 44u
#define TQ_PREPARED_DESCRIPTOR_BYTES 48u

/* uint32 header fields, by index. */
enum {
    TQ_HDR_MAGIC,
    TQ_HDR_FORMAT,
    TQ_HDR_LAYOUT,
    TQ_HDR_IMAGE,
    TQ_HDR_MODEL,
    TQ_HDR_MODEL_CRC,
    TQ_HDR_OPS,
    TQ_HDR_INPUTS,
    TQ_HDR_OUTPUTS,
    TQ_HDR_RECORDS,
    TQ_HDR_ACTIVATIONS
};

/* uint32 fields of one graph input/output descriptor, by index. */
enum {
    TQ_DESC_BYTES,
    TQ_DESC_TYPE,
    TQ_DESC_RANK,
    TQ_DESC_DIMS,
    TQ_DESC_SCALE = TQ_DESC_DIMS + 6,
    TQ_DESC_ZERO_POINT,
    TQ_DESC_TENSOR
};

#endif /* TINYOPS_PREPARED_FORMAT_H */
