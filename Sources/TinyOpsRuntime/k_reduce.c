/* MEAN over axes, int8 (TFLM reference_ops::QuantizedMeanOrSum as reduce_common.cc uses it):
 * an int32 sum per output, the zero point times the element count subtracted, then one
 * requantization whose multiplier folds in 1 / count. */
#include <string.h>

#include "fast_avx2.h"
#include "fixedpoint.h"
#include "runtime_config.h"
#include "tinyops_internal.h"

typedef struct mean_record {
    tq_ref input, output;
    int32_t kept_rank, reduced_rank, outputs;
    int32_t kept_dims[TINYOPS_MAX_DIMS], kept_strides[TINYOPS_MAX_DIMS];
    int32_t reduced_dims[TINYOPS_MAX_DIMS], reduced_strides[TINYOPS_MAX_DIMS];
    int32_t zero_point_times_count; /* (int32) of input zero point x count, wrapped */
    int32_t multiplier, shift, output_zero_point;
} mean_record;

/* Axes to reduce as a bit mask (negative axes count from the end; duplicates merge). */
static int axis_mask(tq_prep *p, const tm_tensor *in, const tm_tensor *axis, uint32_t *mask) {
    uint32_t i;
    const uint8_t *data = p->m->fb.data + axis->data_pos;
    *mask = 0;
    if (!axis->is_const) return tq_tensor_fail(p, axis, TINYOPS_ERR_UNSUPPORTED, TINYOPS_REASON_NOT_CONSTANT);
    if (!tq_type(p, axis, TINYOPS_INT32)) return 0;
    if (in->rank == 0) return 1; /* a scalar: nothing to reduce */
    for (i = 0; i < axis->count; i++) {
        int32_t a = fb_i32_from_u32(fb_load_u32(data + 4u * i));
        if (a < 0) a += in->rank;
        if (a < 0 || a >= in->rank) return tq_tensor_fail(p, axis, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_AXIS);
        *mask |= 1u << a;
    }
    return 1;
}

int tq_prepare_mean(tq_prep *p) {
    tm_tensor t[3];
    tm_tensor *const in = &t[0], *const axis = &t[1], *const out = &t[2];
    mean_record r;
    uint32_t mask;
    int32_t d, m, s, stride = 1;
    uint32_t count = 1; /* a product of some dims: at most the input's element count, < 2^31 */
    int shift;
    if (!tq_tensors(p, 2, 2, 2, t) || !tq_int8(p, in) || !tq_int8(p, out) || !axis_mask(p, in, axis, &mask))
        return 0;
    memset(&r, 0, sizeof r); /* unused dims and strides stay 0 */
    r.outputs = 1;
    for (d = in->rank - 1; d >= 0; d--) { /* innermost first, so index 0 is the fastest */
        if ((mask >> d) & 1u) {
            r.reduced_dims[r.reduced_rank] = in->dims[d];
            r.reduced_strides[r.reduced_rank++] = stride;
            count *= (uint32_t)in->dims[d];
        } else {
            r.kept_dims[r.kept_rank] = in->dims[d];
            r.kept_strides[r.kept_rank++] = stride;
            r.outputs *= in->dims[d];
        }
        stride *= in->dims[d];
    }
    if ((uint32_t)r.outputs != out->count) return tq_op_fail(p, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_OUTPUT_SHAPE);
    if (!tq_scale_multiplier(p, in->scale, 1.0f, out->scale, &m, &s)) return 0;
    /* Fold 1 / count into the multiplier, as QuantizedMeanOrSum does. */
    shift = 31 - tq_clz32(count);
    if (shift > 32) shift = 32;
    if (shift > 31 + s) shift = 31 + s;
    r.multiplier = (int32_t)tq_udiv64((uint64_t)m << shift, count); /* m >= 0, 1 <= count < 2^31 */
    r.shift = s - shift;
    r.zero_point_times_count = (int32_t)(uint32_t)(uint64_t)((int64_t)in->zero_point * (int64_t)count);
    r.output_zero_point = (int32_t)out->zero_point;
    return tq_record_io(p, TQ_K_MEAN, &r, sizeof r, in, out);
}

/* Odometer step over `rank` dims (index 0 fastest); returns the new flat offset. */
static int32_t advance(int32_t *index, const int32_t *dims, const int32_t *strides, int32_t rank, int32_t offset) {
    int32_t d;
    for (d = 0; d < rank; d++) {
        offset += strides[d];
        if (++index[d] < dims[d]) return offset;
        offset -= strides[d] * dims[d];
        index[d] = 0;
    }
    return offset;
}

static int8_t mean_output(const mean_record *r, uint32_t sum) {
    const int32_t v = tq_mbqm_call((int32_t)(sum - (uint32_t)r->zero_point_times_count), r->multiplier, r->shift);
    return (int8_t)tq_clamp(tq_wrap_add(v, r->output_zero_point), -128, 127);
}

#if TINYOPS_FAST_KERNELS
enum { MEAN_FAST_RUN = 256 };

/* Host fast path when the innermost kept dimension is contiguous (a spatial mean over NHWC):
 * a run of up to MEAN_FAST_RUN outputs is summed together, adding one contiguous slice of
 * the input per reduced position. Same wrapping sums, so the same bytes. */
#if defined(TQ_FAST_AVX2)
/* sums[i] = sum over p < positions of slice[p * stride + i], i < n, eight lanes at a time
 * (wrapping like the uint32 sums); eight bytes are loaded at once where they lie before
 * `end` (the input's end), and sums has room for eight past n. */
static TQ_AVX2_FN void mean_sums_avx2(const int8_t *slice, int32_t positions, int32_t stride, int32_t n,
                                      const int8_t *end, uint32_t *sums) {
    int32_t c0, p;
    for (c0 = 0; c0 < n; c0 += 8) {
        __m256i acc = _mm256_setzero_si256();
        for (p = 0; p < positions; p++) {
            const int8_t *at = slice + p * stride + c0;
            int8_t bytes[8] = {0, 0, 0, 0, 0, 0, 0, 0};
            if (c0 + 8 > n && at + 8 > end) at = (const int8_t *)memcpy(bytes, at, (size_t)(n - c0));
            acc = _mm256_add_epi32(acc, _mm256_cvtepi8_epi32(_mm_loadl_epi64((const __m128i *)(const void *)at)));
        }
        _mm256_storeu_si256((__m256i *)(void *)(sums + c0), acc);
    }
}
#endif

static int mean_fast(const tq_exec *x, const mean_record *r) {
    uint32_t sums[MEAN_FAST_RUN + 8];
    const int8_t *input = (const int8_t *)tq_in(x, r->input);
    int8_t *output = (int8_t *)tq_out(x, r->output);
    int32_t kept[TINYOPS_MAX_DIMS] = {0, 0, 0, 0, 0, 0};
    int32_t base = 0, o, i, d, run;
#if defined(TQ_FAST_AVX2)
    int32_t positions = 1;
    const int8_t *end = input + r->outputs; /* set below: one past the input's last value */
#endif
    if (r->kept_rank < 1 || r->kept_strides[0] != 1 || r->reduced_rank < 1) return 0;
    run = r->kept_dims[0];
#if defined(TQ_FAST_AVX2)
    {
        int32_t last = 0;
        for (d = 0; d < r->kept_rank; d++) last += r->kept_strides[d] * (r->kept_dims[d] - 1);
        for (d = 0; d < r->reduced_rank; d++) {
            last += r->reduced_strides[d] * (r->reduced_dims[d] - 1);
            if (d > 0 && r->reduced_strides[d] != r->reduced_strides[d - 1] * r->reduced_dims[d - 1]) positions = 0;
            positions *= r->reduced_dims[d];
        }
        end = input + last + 1;
    }
#endif
    for (o = 0; o < r->outputs; o += run) {
        int32_t c0;
        for (c0 = 0; c0 < run; c0 += MEAN_FAST_RUN) {
            const int32_t n = run - c0 < MEAN_FAST_RUN ? run - c0 : MEAN_FAST_RUN;
            int32_t reduced[TINYOPS_MAX_DIMS] = {0, 0, 0, 0, 0, 0};
            int32_t offset = 0;
#if defined(TQ_FAST_AVX2)
            /* the reduced positions one arithmetic sequence (dims that nest exactly) */
            if (positions > 0 && tq_avx2_usable()) {
                mean_sums_avx2(input + base + c0, positions, r->reduced_strides[0], n, end, sums);
                for (i = 0; i < n; i++) output[o + c0 + i] = mean_output(r, sums[i]);
                continue;
            }
#endif
            for (i = 0; i < n; i++) sums[i] = 0;
            do {
                const int8_t *slice = input + base + c0 + offset;
                for (i = 0; i < n; i++) sums[i] += (uint32_t)(int32_t)slice[i];
                offset = advance(reduced, r->reduced_dims, r->reduced_strides, r->reduced_rank, offset);
            } while (offset != 0);
            for (i = 0; i < n; i++) output[o + c0 + i] = mean_output(r, sums[i]);
        }
        /* next run: step the kept odometer over dims 1.. (dim 0 is the run itself) */
        for (d = 1; d < r->kept_rank; d++) {
            base += r->kept_strides[d];
            if (++kept[d] < r->kept_dims[d]) break;
            base -= r->kept_strides[d] * r->kept_dims[d];
            kept[d] = 0;
        }
    }
    return 1;
}
#endif

/* input (any shape) -> output (the kept dims, in order) */
void tq_eval_mean(const tq_exec *x, const void *record) {
    const mean_record *r = (const mean_record *)record;
    const int8_t *input = (const int8_t *)tq_in(x, r->input);
    int8_t *output = (int8_t *)tq_out(x, r->output);
    int32_t kept[TINYOPS_MAX_DIMS] = {0, 0, 0, 0, 0, 0};
    int32_t base = 0, o;
#if TINYOPS_FAST_KERNELS
    if (mean_fast(x, r)) return;
#endif
    for (o = 0; o < r->outputs; o++) {
        int32_t reduced[TINYOPS_MAX_DIMS] = {0, 0, 0, 0, 0, 0};
        int32_t offset = 0;
        uint32_t sum = 0;
        do {
            sum += (uint32_t)(int32_t)input[base + offset];
            offset = advance(reduced, r->reduced_dims, r->reduced_strides, r->reduced_rank, offset);
        } while (offset != 0);
        output[o] = mean_output(r, sum);
        base = advance(kept, r->kept_dims, r->kept_strides, r->kept_rank, base);
    }
}
