#include "fb_reader.h"

#include <string.h>

static int fail(fb_buffer *fb, uint32_t pos, tinyops_reason reason) {
    fb->bad_offset = pos > 0x7FFFFFFFu ? 0x7FFFFFFF : (int32_t)pos;
    fb->bad_reason = reason;
    return 0;
}

int32_t fb_i32_from_u32(uint32_t v) {
    int32_t out;
    memcpy(&out, &v, sizeof out);
    return out;
}

int64_t fb_i64_from_u64(uint64_t v) {
    int64_t out;
    memcpy(&out, &v, sizeof out);
    return out;
}

float fb_f32_from_u32(uint32_t v) {
    float out;
    memcpy(&out, &v, sizeof out);
    return out;
}

int fb_in_bounds(const fb_buffer *fb, uint32_t pos, uint32_t size) {
    return pos <= fb->len && size <= fb->len - pos;
}

/* Follows the uoffset stored at `pos` (already bounds-checked for 4 bytes). */
static int follow(fb_buffer *fb, uint32_t pos, uint32_t *target) {
    uint32_t rel = fb_load_u32(fb->data + pos);
    if (rel > fb->len - pos) return fail(fb, pos, TINYOPS_REASON_OUT_OF_BOUNDS);
    *target = pos + rel;
    return 1;
}

int fb_table_at(fb_buffer *fb, uint32_t pos, fb_table *table) {
    int64_t vtable;
    uint16_t vsize, tsize;
    if (!fb_in_bounds(fb, pos, 4)) return fail(fb, pos, TINYOPS_REASON_OUT_OF_BOUNDS);
    vtable = (int64_t)pos - (int64_t)fb_i32_from_u32(fb_load_u32(fb->data + pos));
    if (vtable < 0 || vtable > (int64_t)fb->len - 4) return fail(fb, pos, TINYOPS_REASON_BAD_VTABLE);
    vsize = fb_load_u16(fb->data + vtable);
    tsize = fb_load_u16(fb->data + vtable + 2);
    if (vsize < 4 || (vsize & 1u) != 0 || !fb_in_bounds(fb, (uint32_t)vtable, vsize))
        return fail(fb, (uint32_t)vtable, TINYOPS_REASON_BAD_VTABLE);
    if (tsize < 4 || !fb_in_bounds(fb, pos, tsize)) return fail(fb, pos, TINYOPS_REASON_BAD_VTABLE);
    table->pos = pos;
    table->vtable = (uint32_t)vtable;
    table->vtable_size = vsize;
    table->table_size = tsize;
    return 1;
}

int fb_root(fb_buffer *fb, const char *identifier, fb_table *root) {
    uint32_t pos;
    if (fb->len < 8) return fail(fb, 0, TINYOPS_REASON_TOO_SMALL_FOR_HEADER);
    /* Four bytes compared as one little-endian word: no memcmp to link. */
    if (identifier != NULL && fb_load_u32(fb->data + 4) != fb_load_u32((const uint8_t *)identifier))
        return fail(fb, 4, TINYOPS_REASON_NOT_TFLITE);
    if (!follow(fb, 0, &pos)) return 0;
    return fb_table_at(fb, pos, root);
}

int fb_field(fb_buffer *fb, const fb_table *table, unsigned field, uint32_t size, uint32_t *pos) {
    uint32_t slot = 4u + 2u * field;
    uint16_t off;
    if (slot + 2u > table->vtable_size) return 0;
    off = fb_load_u16(fb->data + table->vtable + slot);
    if (off == 0) return 0;
    if ((uint32_t)off + size > table->table_size) {
        fail(fb, table->pos + off, TINYOPS_REASON_BAD_VTABLE);
        return -1;
    }
    *pos = table->pos + off; /* inside the table, which is inside the buffer */
    return 1;
}

int fb_scalar(fb_buffer *fb, const fb_table *t, unsigned field, uint32_t size, void *out) {
    uint32_t pos = 0, i;
    int r = fb_field(fb, t, field, size, &pos);
    if (r < 0) return 0;
    for (i = 0; r > 0 && i < size; i++) ((uint8_t *)out)[i] = fb->data[pos + i];
    return 1;
}

/* Target of the offset field `field`; 0 absent, 1 present, -1 error. */
static int offset_field(fb_buffer *fb, const fb_table *t, unsigned field, uint32_t *target) {
    uint32_t pos = 0;
    int r = fb_field(fb, t, field, 4, &pos);
    if (r <= 0) return r;
    return follow(fb, pos, target) ? 1 : -1;
}

int fb_subtable(fb_buffer *fb, const fb_table *t, unsigned field, fb_table *out, int *present) {
    uint32_t target = 0;
    int r = offset_field(fb, t, field, &target);
    *present = 0;
    if (r < 0) return 0;
    if (r == 0) return 1;
    if (!fb_table_at(fb, target, out)) return 0;
    *present = 1;
    return 1;
}

int fb_vector_field(fb_buffer *fb, const fb_table *t, unsigned field, uint32_t elem_size, fb_vector *out) {
    uint32_t target = 0, count;
    int r = offset_field(fb, t, field, &target);
    out->pos = 0;
    out->count = 0;
    if (r < 0) return 0;
    if (r == 0) return 1;
    if (!fb_in_bounds(fb, target, 4)) return fail(fb, target, TINYOPS_REASON_BAD_VECTOR);
    count = fb_load_u32(fb->data + target);
    if (elem_size != 0 && count > (fb->len - target - 4u) / elem_size)
        return fail(fb, target, TINYOPS_REASON_BAD_VECTOR);
    out->pos = target + 4u;
    out->count = count;
    return 1;
}

int fb_vector_table(fb_buffer *fb, const fb_vector *v, uint32_t index, fb_table *out) {
    uint32_t target;
    if (index >= v->count) return fail(fb, v->pos, TINYOPS_REASON_BAD_VECTOR);
    if (!follow(fb, v->pos + 4u * index, &target)) return 0;
    return fb_table_at(fb, target, out);
}

int fb_read_fields(fb_buffer *fb, const fb_table *t, const fb_field_spec *spec, unsigned n, void *base) {
    for (; n > 0; n--, spec++)
        if ((spec->size & 0x80u) != 0
                ? !fb_vector_field(fb, t, spec->field, spec->size & 0x7Fu, (fb_vector *)(void *)((uint8_t *)base + spec->offset))
                : !fb_scalar(fb, t, spec->field, spec->size, (uint8_t *)base + spec->offset))
            return 0;
    return 1;
}
