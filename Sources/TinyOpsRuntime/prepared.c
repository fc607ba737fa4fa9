/* tinyops_init_prepared: starts an interpreter from a prepared image (tinyops_prepared.h)
 * made on the host by tinyops_export_prepared. Only checks and points; no model reading,
 * no preparing, no planning, so none of that code is linked into a firmware that uses it. */
#include <string.h>

#include "prepared_format.h"
#include "tinyops_internal.h"
#include "tinyops_prepared.h"

/* CRC-32 of each 4-bit value (reflected polynomial 0xEDB88320): two lookups per byte. A
 * 64-byte table instead of the usual 1 KB one, and four times fewer steps than bit by bit
 * (the model's CRC is most of tinyops_init_prepared's work). */
static const uint32_t crc_nibbles[16] = {
    0x00000000u, 0x1DB71064u, 0x3B6E20C8u, 0x26D930ACu, 0x76DC4190u, 0x6B6B51F4u, 0x4DB26158u, 0x5005713Cu,
    0xEDB88320u, 0xF00F9344u, 0xD6D6A3E8u, 0xCB61B38Cu, 0x9B64C2B0u, 0x86D3D2D4u, 0xA00AE278u, 0xBDBDF21Cu};

uint32_t tinyops_crc32(const uint8_t *bytes, size_t length) {
    uint32_t crc = 0xFFFFFFFFu;
    size_t i;
    for (i = 0; i < length; i++) {
        crc ^= bytes[i];
        crc = (crc >> 4) ^ crc_nibbles[crc & 15u];
        crc = (crc >> 4) ^ crc_nibbles[crc & 15u];
    }
    return ~crc;
}

static uint32_t read_u32(const uint8_t *at) {
    uint32_t v;
    memcpy(&v, at, 4);
    return v;
}

/* tinyops_interpreter.describe_ after tinyops_init_prepared: reads the image's descriptor. */
static tinyops_status describe_prepared(const tinyops_interpreter *it, int is_output, size_t index,
                                        tinyops_tensor_info *info) {
    uint32_t field[TQ_PREPARED_DESCRIPTOR_BYTES / 4];
    const size_t slot = is_output ? it->input_count_ + index : index;
    int32_t i;
    if (index >= (is_output ? it->output_count_ : it->input_count_) || info == NULL) return TINYOPS_ERR_ARGUMENT;
    memcpy(field, it->io_info_ + TQ_PREPARED_DESCRIPTOR_BYTES * slot, sizeof field);
    info->data = it->activations_ + read_u32(it->base_ + it->io_ + 4u * slot);
    info->bytes = field[TQ_DESC_BYTES];
    info->type = (int32_t)field[TQ_DESC_TYPE];
    info->rank = (int32_t)field[TQ_DESC_RANK];
    for (i = 0; i < TINYOPS_MAX_DIMS; i++) info->dims[i] = (int32_t)field[TQ_DESC_DIMS + i];
    memcpy(&info->scale, &field[TQ_DESC_SCALE], 4);
    info->zero_point = (int32_t)field[TQ_DESC_ZERO_POINT];
    info->tensor_index = (int32_t)field[TQ_DESC_TENSOR];
    return TINYOPS_OK;
}

/* Checks the operator table and the graph I/O entries against the image's own sizes. */
static int check_entries(const uint8_t *image, const uint32_t *h, tinyops_error *e) {
    const uint32_t io_count = h[TQ_HDR_INPUTS] + h[TQ_HDR_OUTPUTS];
    const uint8_t *records = image + TQ_PREPARED_HEADER_BYTES + TQ_PREPARED_DESCRIPTOR_BYTES * io_count;
    const uint32_t fixed = h[TQ_HDR_OPS] * (uint32_t)sizeof(tq_op_entry) + 4u * io_count;
    uint32_t i;
    for (i = 0; i < h[TQ_HDR_OPS]; i++) {
        tq_op_entry entry;
        memcpy(&entry, records + i * sizeof(tq_op_entry), sizeof entry);
        e->op_index = (int32_t)i;
        if (entry.record < fixed || entry.record >= h[TQ_HDR_RECORDS] || (entry.record & 3u) != 0)
            return tq_fail(e, TINYOPS_ERR_MODEL_CORRUPT, TINYOPS_REASON_PREPARED_HEADER);
        if (!tq_kernel_linked(entry.kernel))
            return tq_fail(e, TINYOPS_ERR_UNSUPPORTED_OP, TINYOPS_REASON_OPERATOR_EXCLUDED);
    }
    e->op_index = -1;
    for (i = 0; i < io_count; i++) {
        const uint8_t *d = image + TQ_PREPARED_HEADER_BYTES + TQ_PREPARED_DESCRIPTOR_BYTES * i;
        const uint32_t ref = read_u32(records + h[TQ_HDR_OPS] * sizeof(tq_op_entry) + 4u * i);
        const uint32_t bytes = read_u32(d + 4u * TQ_DESC_BYTES);
        if (ref > h[TQ_HDR_ACTIVATIONS] || bytes > h[TQ_HDR_ACTIVATIONS] - ref ||
            read_u32(d + 4u * TQ_DESC_RANK) > TINYOPS_MAX_DIMS)
            return tq_fail(e, TINYOPS_ERR_MODEL_CORRUPT, TINYOPS_REASON_PREPARED_HEADER);
    }
    return 1;
}

/* Checks the image as a whole: magic, versions, lengths, CRC, and that it belongs to `model`. */
static int check_image(const uint8_t *model, size_t model_len, const uint8_t *image, size_t image_len,
                       uint32_t *h, tinyops_error *e) {
    uint64_t expected;
    if (image_len < TQ_PREPARED_HEADER_BYTES + 4u || read_u32(image) != TQ_PREPARED_MAGIC)
        return tq_fail(e, TINYOPS_ERR_MODEL_CORRUPT, TINYOPS_REASON_PREPARED_MAGIC);
    memcpy(h, image, TQ_PREPARED_HEADER_BYTES);
    if (h[TQ_HDR_FORMAT] != TINYOPS_PREPARED_FORMAT_VERSION || h[TQ_HDR_LAYOUT] != TQ_RECORD_LAYOUT_VERSION)
        return tq_fail(e, TINYOPS_ERR_UNSUPPORTED, TINYOPS_REASON_PREPARED_VERSION);
    expected = TQ_PREPARED_HEADER_BYTES + (uint64_t)TQ_PREPARED_DESCRIPTOR_BYTES * (h[TQ_HDR_INPUTS] + (uint64_t)h[TQ_HDR_OUTPUTS]) +
               h[TQ_HDR_RECORDS] + 4u;
    if (h[TQ_HDR_IMAGE] != image_len || expected != image_len ||
        (uint64_t)h[TQ_HDR_OPS] * sizeof(tq_op_entry) + 4u * (h[TQ_HDR_INPUTS] + (uint64_t)h[TQ_HDR_OUTPUTS]) > h[TQ_HDR_RECORDS])
        return tq_fail(e, TINYOPS_ERR_MODEL_CORRUPT, TINYOPS_REASON_PREPARED_HEADER);
    if (tinyops_crc32(image, image_len - 4u) != read_u32(image + image_len - 4u))
        return tq_fail(e, TINYOPS_ERR_MODEL_CORRUPT, TINYOPS_REASON_PREPARED_CRC);
    if (h[TQ_HDR_MODEL] != model_len || tinyops_crc32(model, model_len) != h[TQ_HDR_MODEL_CRC])
        return tq_fail(e, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_PREPARED_MODEL);
    return check_entries(image, h, e);
}

tinyops_status tinyops_init_prepared(tinyops_interpreter *it, const uint8_t *model, size_t model_len,
                                     const uint8_t *prepared, size_t prepared_len, uint8_t *arena, size_t arena_len) {
    uint32_t h[TQ_PREPARED_HEADER_BYTES / 4];
    tinyops_error *e;
    size_t pad;
    if (it == NULL) return TINYOPS_ERR_ARGUMENT;
    memset(it, 0, sizeof *it);
    e = &it->error_;
    tq_error_reset(e);
    if (model == NULL || prepared == NULL || arena == NULL) {
        tq_fail(e, TINYOPS_ERR_ARGUMENT, TINYOPS_REASON_NULL_ARGUMENT);
        return e->status;
    }
    /* The host checked the model's constant int32/float data for 4-byte alignment relative
     * to a 4-byte aligned model; the records are read in place as uint32 fields. */
    if (((uintptr_t)model & 3u) != 0 || ((uintptr_t)prepared & 3u) != 0) {
        tq_fail(e, TINYOPS_ERR_MISALIGNED, TINYOPS_REASON_CONSTANT_ALIGNMENT);
        return e->status;
    }
    if (!check_image(model, model_len, prepared, prepared_len, h, e)) return e->status;
    pad = (TINYOPS_ARENA_ALIGNMENT - (size_t)((uintptr_t)arena % TINYOPS_ARENA_ALIGNMENT)) % TINYOPS_ARENA_ALIGNMENT;
    if (arena_len < pad || arena_len - pad < h[TQ_HDR_ACTIVATIONS]) {
        tq_fail(e, TINYOPS_ERR_ARENA_TOO_SMALL, TINYOPS_REASON_ARENA_SIZE);
        e->needed = (uint64_t)pad + h[TQ_HDR_ACTIVATIONS];
        return e->status;
    }
    it->model_ = model;
    it->model_len_ = (uint32_t)model_len;
    it->io_info_ = prepared + TQ_PREPARED_HEADER_BYTES;
    it->base_ = it->io_info_ + TQ_PREPARED_DESCRIPTOR_BYTES * (h[TQ_HDR_INPUTS] + h[TQ_HDR_OUTPUTS]);
    it->activations_ = arena + pad;
    it->activation_bytes_ = h[TQ_HDR_ACTIVATIONS];
    it->describe_ = describe_prepared;
    it->used_ = pad + h[TQ_HDR_ACTIVATIONS];
    it->ops_ = 0;
    it->io_ = h[TQ_HDR_OPS] * (uint32_t)sizeof(tq_op_entry);
    it->op_count_ = h[TQ_HDR_OPS];
    it->input_count_ = h[TQ_HDR_INPUTS];
    it->output_count_ = h[TQ_HDR_OUTPUTS];
    it->ready_ = TQ_READY;
    return TINYOPS_OK;
}
