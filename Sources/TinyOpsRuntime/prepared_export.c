/* tinyops_export_prepared: writes what tinyops_init computed as a prepared image
 * (tinyops_prepared.h). Runs on the host (tinyops deploy --prepared); a firmware that does
 * not call it does not link it. */
#include <string.h>

#include "prepared_format.h"
#include "tinyops_internal.h"
#include "tinyops_prepared.h"

static void put_u32(uint8_t *at, uint32_t v) { memcpy(at, &v, 4); }

tinyops_status tinyops_export_prepared(const tinyops_interpreter *it, uint8_t *out, size_t capacity, size_t *written) {
    uint32_t h[TQ_PREPARED_HEADER_BYTES / 4];
    uint32_t io_count, record_bytes, i;
    uint8_t *at;
    /* Only an interpreter that tinyops_init prepared (io_info_ is NULL) has records to write. */
    if (it == NULL || written == NULL || it->ready_ != TQ_READY || it->io_info_ != NULL) return TINYOPS_ERR_ARGUMENT;
    if (((uintptr_t)it->model_ & 3u) != 0) return TINYOPS_ERR_MISALIGNED;
    io_count = it->input_count_ + it->output_count_;
    record_bytes = (uint32_t)(it->activations_ - it->base_);
    h[TQ_HDR_MAGIC] = TQ_PREPARED_MAGIC;
    h[TQ_HDR_FORMAT] = TINYOPS_PREPARED_FORMAT_VERSION;
    h[TQ_HDR_LAYOUT] = TQ_RECORD_LAYOUT_VERSION;
    h[TQ_HDR_IMAGE] = TQ_PREPARED_HEADER_BYTES + TQ_PREPARED_DESCRIPTOR_BYTES * io_count + record_bytes + 4u;
    h[TQ_HDR_MODEL] = it->model_len_;
    h[TQ_HDR_MODEL_CRC] = tinyops_crc32(it->model_, it->model_len_);
    h[TQ_HDR_OPS] = it->op_count_;
    h[TQ_HDR_INPUTS] = it->input_count_;
    h[TQ_HDR_OUTPUTS] = it->output_count_;
    h[TQ_HDR_RECORDS] = record_bytes;
    h[TQ_HDR_ACTIVATIONS] = it->activation_bytes_;
    *written = h[TQ_HDR_IMAGE];
    if (out == NULL) return TINYOPS_OK;
    if (capacity < h[TQ_HDR_IMAGE]) return TINYOPS_ERR_WORK_TOO_SMALL;
    memcpy(out, h, TQ_PREPARED_HEADER_BYTES);
    at = out + TQ_PREPARED_HEADER_BYTES;
    for (i = 0; i < io_count; i++, at += TQ_PREPARED_DESCRIPTOR_BYTES) {
        const int is_output = i >= it->input_count_;
        tinyops_tensor_info info;
        int32_t d;
        tinyops_status status = it->describe_(it, is_output, is_output ? i - it->input_count_ : i, &info);
        if (status != TINYOPS_OK) return status;
        put_u32(at + 4u * TQ_DESC_BYTES, (uint32_t)info.bytes);
        put_u32(at + 4u * TQ_DESC_TYPE, (uint32_t)info.type);
        put_u32(at + 4u * TQ_DESC_RANK, (uint32_t)info.rank);
        for (d = 0; d < TINYOPS_MAX_DIMS; d++) put_u32(at + 4u * (TQ_DESC_DIMS + (uint32_t)d), (uint32_t)info.dims[d]);
        memcpy(at + 4u * TQ_DESC_SCALE, &info.scale, 4);
        put_u32(at + 4u * TQ_DESC_ZERO_POINT, (uint32_t)info.zero_point);
        put_u32(at + 4u * TQ_DESC_TENSOR, (uint32_t)info.tensor_index);
    }
    memcpy(at, it->base_, record_bytes);
    at += record_bytes;
    put_u32(at, tinyops_crc32(out, (size_t)(at - out)));
    return TINYOPS_OK;
}
