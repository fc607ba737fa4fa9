/* Model patches (tinyops_patch.h): a byte-at-a-time state machine for the operation codes
 * and varints, bulk copies for COPY and INSERT data, SHA-256 checks of both models. */
#include <string.h>

#include "errors.h"
#include "tinyops_blob.h"
#include "tinyops_patch.h"

enum {
    S_HEADER,
    S_OP,
    S_COPY_LENGTH,
    S_COPY_DELTA,
    S_INSERT_LENGTH,
    S_INSERT_DATA,
    S_END,      /* end marker seen */
    S_FAILED,
    S_FINISHED
};

static uint32_t le16(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8; }
static uint32_t le32(const uint8_t *p) { return le16(p) | le16(p + 2) << 16; }

/* Records the first error; `at` is the patch byte concerned (-1: none). */
static tinyops_status fail(tinyops_patch *p, tinyops_status status, tinyops_reason reason, int64_t at) {
    tq_error_reset(&p->error_);
    tq_fail(&p->error_, status, reason);
    p->error_.offset = at < 0 ? -1 : at > 0x7fffffff ? 0x7fffffff : (int32_t)at;
    p->state_ = S_FAILED;
    return status;
}

static tinyops_status corrupt(tinyops_patch *p, tinyops_reason reason, int64_t at) {
    return fail(p, TINYOPS_ERR_MODEL_CORRUPT, reason, at);
}

tinyops_status tinyops_patch_begin(tinyops_patch *p, const uint8_t *old_model, size_t old_len, uint8_t *out,
                                   size_t out_capacity) {
    uintptr_t old_start, old_end, out_start, out_end;
    if (p == NULL) return TINYOPS_ERR_ARGUMENT;
    memset(p, 0, sizeof *p);
    tq_error_reset(&p->error_);
    if (old_model == NULL || out == NULL) return fail(p, TINYOPS_ERR_ARGUMENT, TINYOPS_REASON_NULL_ARGUMENT, -1);
    old_start = (uintptr_t)old_model, out_start = (uintptr_t)out;
    old_end = old_start + old_len, out_end = out_start + out_capacity;
    if (old_start < out_end && out_start < old_end) return fail(p, TINYOPS_ERR_ARGUMENT, TINYOPS_REASON_PATCH_OVERLAP, -1);
    p->old_ = old_model;
    p->old_len_ = old_len;
    p->out_ = out;
    p->out_capacity_ = out_capacity;
    p->state_ = S_HEADER;
    return TINYOPS_OK;
}

/* The header is complete: check it, the old model and the output's room. */
static tinyops_status check_header(tinyops_patch *p) {
    const uint8_t *h = p->header_;
    uint8_t digest[32];
    if (le16(h + 4) != TINYOPS_PATCH_VERSION) return fail(p, TINYOPS_ERR_UNSUPPORTED, TINYOPS_REASON_PATCH_VERSION, 4);
    if (le16(h + 6) != TINYOPS_PATCH_HEADER_BYTES) return corrupt(p, TINYOPS_REASON_PATCH_HEADER, 6);
    p->old_length_ = le32(h + 8);
    p->new_length_ = le32(h + 12);
    if (p->old_length_ == 0 || p->old_length_ > 0x7fffffffu) return corrupt(p, TINYOPS_REASON_PATCH_HEADER, 8);
    if (p->new_length_ == 0 || p->new_length_ > 0x7fffffffu) return corrupt(p, TINYOPS_REASON_PATCH_HEADER, 12);
    if ((size_t)p->old_length_ != p->old_len_) return fail(p, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_PATCH_BASE, 8);
    tinyops_sha256(p->old_, p->old_len_, digest);
    if (memcmp(digest, h + 16, 32) != 0) return fail(p, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_PATCH_BASE, 16);
    if ((size_t)p->new_length_ > p->out_capacity_) {
        fail(p, TINYOPS_ERR_LIMIT, TINYOPS_REASON_PATCH_CAPACITY, 12);
        p->error_.needed = p->new_length_;
        return TINYOPS_ERR_LIMIT;
    }
    p->state_ = S_OP;
    return TINYOPS_OK;
}

/* One byte of an unsigned LEB128 value of at most 32 bits, in canonical form (no trailing
 * zero group). Returns 1 when the value is complete, 0 when more bytes follow, -1 when the
 * encoding is invalid. */
static int varint_step(tinyops_patch *p, uint8_t byte) {
    if (p->shift_ == 28 && byte > 0x0Fu) return -1;
    if (p->shift_ > 0 && byte == 0) return -1;
    p->value_ |= (uint32_t)(byte & 0x7Fu) << p->shift_;
    if (byte & 0x80u) {
        p->shift_ += 7;
        return 0;
    }
    return 1;
}

/* An operation's first byte. */
static tinyops_status start_op(tinyops_patch *p, uint8_t code, uint32_t at) {
    p->value_ = 0;
    p->shift_ = 0;
    switch (code) {
    case TINYOPS_PATCH_END:
        if (p->written_ != p->new_length_) return corrupt(p, TINYOPS_REASON_PATCH_OP, at);
        p->state_ = S_END;
        return TINYOPS_OK;
    case TINYOPS_PATCH_COPY: p->state_ = S_COPY_LENGTH; return TINYOPS_OK;
    case TINYOPS_PATCH_INSERT: p->state_ = S_INSERT_LENGTH; return TINYOPS_OK;
    default: return corrupt(p, TINYOPS_REASON_PATCH_OP, at);
    }
}

/* A complete varint in state S_COPY_LENGTH, S_COPY_DELTA or S_INSERT_LENGTH. */
static tinyops_status take_value(tinyops_patch *p, uint32_t at) {
    const uint32_t value = p->value_;
    p->value_ = 0;
    p->shift_ = 0;
    if (p->state_ == S_COPY_DELTA) {
        const int64_t delta = (value & 1u) ? -(int64_t)(value >> 1) - 1 : (int64_t)(value >> 1);
        const int64_t from = (int64_t)p->old_cursor_ + delta;
        if (from < 0 || from + (int64_t)p->length_ > (int64_t)p->old_length_) return corrupt(p, TINYOPS_REASON_PATCH_RANGE, at);
        memcpy(p->out_ + p->written_, p->old_ + from, p->length_);
        p->written_ += p->length_;
        p->old_cursor_ = (uint32_t)from + p->length_;
        p->state_ = S_OP;
        return TINYOPS_OK;
    }
    if (value == 0) return corrupt(p, TINYOPS_REASON_PATCH_OP, at);
    if (value > p->new_length_ - p->written_) return corrupt(p, TINYOPS_REASON_PATCH_RANGE, at);
    p->length_ = value;
    p->state_ = p->state_ == S_COPY_LENGTH ? S_COPY_DELTA : S_INSERT_DATA;
    return TINYOPS_OK;
}

tinyops_status tinyops_patch_update(tinyops_patch *p, const uint8_t *data, size_t len) {
    size_t i = 0;
    if (p == NULL) return TINYOPS_ERR_ARGUMENT;
    if (p->state_ == S_FAILED) return p->error_.status;
    if (p->state_ == S_FINISHED) return fail(p, TINYOPS_ERR_ARGUMENT, TINYOPS_REASON_PATCH_STATE, p->consumed_);
    if (data == NULL && len > 0) return fail(p, TINYOPS_ERR_ARGUMENT, TINYOPS_REASON_NULL_ARGUMENT, -1);
    while (i < len) {
        const uint32_t at = p->consumed_;
        tinyops_status status = TINYOPS_OK;
        if (p->state_ == S_HEADER) {
            size_t take = TINYOPS_PATCH_HEADER_BYTES - p->header_fill_;
            if (take > len - i) take = len - i;
            memcpy(p->header_ + p->header_fill_, data + i, take);
            if (p->header_fill_ < 4 && p->header_fill_ + take >= 4 && memcmp(p->header_, TINYOPS_PATCH_MAGIC, 4) != 0)
                return corrupt(p, TINYOPS_REASON_PATCH_MAGIC, 0);
            p->header_fill_ += (uint32_t)take;
            p->consumed_ += (uint32_t)take;
            i += take;
            if (p->header_fill_ == TINYOPS_PATCH_HEADER_BYTES) status = check_header(p);
        } else if (p->state_ == S_INSERT_DATA) {
            size_t take = p->length_;
            if (take > len - i) take = len - i;
            memcpy(p->out_ + p->written_, data + i, take);
            p->written_ += (uint32_t)take;
            p->length_ -= (uint32_t)take;
            p->consumed_ += (uint32_t)take;
            i += take;
            if (p->length_ == 0) p->state_ = S_OP;
        } else {
            const uint8_t byte = data[i++];
            p->consumed_++;
            switch (p->state_) {
            case S_OP: status = start_op(p, byte, at); break;
            case S_END: status = corrupt(p, TINYOPS_REASON_PATCH_TRAILING, at); break;
            default: {
                const int step = varint_step(p, byte);
                if (step < 0) status = corrupt(p, TINYOPS_REASON_PATCH_OP, at);
                else if (step > 0) status = take_value(p, at);
                break;
            }
            }
        }
        if (status != TINYOPS_OK) return status;
    }
    return TINYOPS_OK;
}

tinyops_status tinyops_patch_finish(tinyops_patch *p, tinyops_patch_info *info) {
    uint8_t digest[32];
    if (p == NULL) return TINYOPS_ERR_ARGUMENT;
    if (info != NULL) memset(info, 0, sizeof *info);
    if (p->state_ == S_FAILED) return p->error_.status;
    if (p->state_ == S_FINISHED) return fail(p, TINYOPS_ERR_ARGUMENT, TINYOPS_REASON_PATCH_STATE, p->consumed_);
    if (p->state_ != S_END) return corrupt(p, TINYOPS_REASON_PATCH_TRUNCATED, p->consumed_);
    tinyops_sha256(p->out_, p->new_length_, digest);
    if (memcmp(digest, p->header_ + 48, 32) != 0) return corrupt(p, TINYOPS_REASON_PATCH_HASH, 48);
    p->state_ = S_FINISHED;
    if (info != NULL) {
        info->model_len = p->new_length_;
        memcpy(info->sha256, digest, 32);
    }
    return TINYOPS_OK;
}

const tinyops_error *tinyops_patch_error(const tinyops_patch *p) { return &p->error_; }

tinyops_status tinyops_patch_apply(const uint8_t *patch_bytes, size_t patch_len, const uint8_t *old_model,
                                   size_t old_len, uint8_t *out, size_t out_capacity, tinyops_patch_info *info,
                                   tinyops_error *error) {
    tinyops_patch p;
    tinyops_status status = tinyops_patch_begin(&p, old_model, old_len, out, out_capacity);
    if (status == TINYOPS_OK) status = tinyops_patch_update(&p, patch_bytes, patch_len);
    if (status == TINYOPS_OK) status = tinyops_patch_finish(&p, info);
    else if (info != NULL) memset(info, 0, sizeof *info);
    if (error != NULL) *error = p.error_;
    return status;
}
