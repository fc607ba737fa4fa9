/* Bounds-checked FlatBuffer access for TinyOpsRuntime.
 *
 * Positions are byte offsets from the start of the buffer. Every read checks the bytes
 * it touches against the buffer length first; multi-byte values are assembled byte by
 * byte (little-endian), so no access depends on the alignment of the buffer. A failed
 * check returns 0 and records the offending offset in `fb->bad_offset`. */
#ifndef TINYOPS_FB_READER_H
#define TINYOPS_FB_READER_H

#include <stddef.h>
#include <stdint.h>

#include "tinyops_runtime.h"

typedef struct fb_buffer {
    const uint8_t *data;
    uint32_t len;
    int32_t bad_offset;       /* where the last failed check looked */
    tinyops_reason bad_reason;
} fb_buffer;

/* A table: its position and its vtable, both already checked. */
typedef struct fb_table {
    uint32_t pos;
    uint32_t vtable;
    uint16_t vtable_size;
    uint16_t table_size;
} fb_table;

/* A vector: position of the first element and element count (0 when absent). */
typedef struct fb_vector {
    uint32_t pos;
    uint32_t count;
} fb_vector;

/* Little-endian loads; the caller has checked the bounds. */
static inline uint16_t fb_load_u16(const uint8_t *p) { return (uint16_t)(p[0] | (p[1] << 8)); }
static inline uint32_t fb_load_u32(const uint8_t *p) {
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}
static inline uint64_t fb_load_u64(const uint8_t *p) {
    return (uint64_t)fb_load_u32(p) | ((uint64_t)fb_load_u32(p + 4) << 32);
}
int32_t fb_i32_from_u32(uint32_t v);
int64_t fb_i64_from_u64(uint64_t v);
float fb_f32_from_u32(uint32_t v);

/* 1 when [pos, pos + size) lies inside the buffer. */
int fb_in_bounds(const fb_buffer *fb, uint32_t pos, uint32_t size);

/* The root table; checks the 4-byte file identifier when `identifier` is not NULL. */
int fb_root(fb_buffer *fb, const char *identifier, fb_table *root);

/* Loads and checks the table at `pos`. */
int fb_table_at(fb_buffer *fb, uint32_t pos, fb_table *table);

/* Position of field `field` with `size` bytes; 0 when absent (then *pos is untouched).
 * Returns -1 when the field lies outside the table or the buffer. */
int fb_field(fb_buffer *fb, const fb_table *table, unsigned field, uint32_t size, uint32_t *pos);

/* Scalar field `field` of `size` bytes, copied byte by byte into *out (the value of a
 * little-endian scalar of that size: tm_open refuses big-endian hosts). *out is left
 * untouched when the field is absent, so it holds the schema default the caller put there.
 * Returns 0 on a bounds failure. fb_read takes the size from the object. */
int fb_scalar(fb_buffer *fb, const fb_table *t, unsigned field, uint32_t size, void *out);
#define fb_read(fb, t, field, out) fb_scalar((fb), (t), (field), (uint32_t)sizeof *(out), (out))

/* Fields for fb_read_fields: field id, size, offset of the destination. The size is a
 * scalar's size in bytes, or FB_VECTOR_OF(n) for a vector of n-byte elements (into an
 * fb_vector, as fb_vector_field reads it). */
typedef struct fb_field_spec {
    uint8_t field, size, offset;
} fb_field_spec;
#define FB_VECTOR_OF(elem_size) (0x80u | (elem_size))

/* fb_scalar / fb_vector_field for `n` fields in order, each into (uint8_t *)base + offset;
 * stops at the first failure (returns 0). One call and a const table instead of a call per
 * field. */
int fb_read_fields(fb_buffer *fb, const fb_table *t, const fb_field_spec *spec, unsigned n, void *base);

/* Sub-table reached through an offset field; *present = 0 when absent. */
int fb_subtable(fb_buffer *fb, const fb_table *t, unsigned field, fb_table *out, int *present);

/* Vector of `elem_size`-byte elements reached through an offset field; count 0 when absent. */
int fb_vector_field(fb_buffer *fb, const fb_table *t, unsigned field, uint32_t elem_size, fb_vector *out);

/* Table `index` of a vector of tables. */
int fb_vector_table(fb_buffer *fb, const fb_vector *v, uint32_t index, fb_table *out);

/* Elements of a checked vector; `index` must be < v->count. */
static inline int32_t fb_vec_i32(const fb_buffer *fb, const fb_vector *v, uint32_t index) {
    return fb_i32_from_u32(fb_load_u32(fb->data + v->pos + 4u * index));
}
static inline int64_t fb_vec_i64(const fb_buffer *fb, const fb_vector *v, uint32_t index) {
    return fb_i64_from_u64(fb_load_u64(fb->data + v->pos + 8u * index));
}
static inline float fb_vec_f32(const fb_buffer *fb, const fb_vector *v, uint32_t index) {
    return fb_f32_from_u32(fb_load_u32(fb->data + v->pos + 4u * index));
}

#endif /* TINYOPS_FB_READER_H */
