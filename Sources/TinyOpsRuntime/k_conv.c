/* CONV_2D and DEPTHWISE_CONV_2D, int8 with per-channel requantization
 * (TFLM reference_integer_ops::ConvPerChannel / DepthwiseConvPerChannel). */
#include <stddef.h>

#include "fixedpoint.h"
#include "k_conv.h"
#include "runtime_config.h"

/* Conv2DOptions / DepthwiseConv2DOptions field ids. */
enum { CONV_PADDING = 0, CONV_STRIDE_W = 1, CONV_STRIDE_H = 2, CONV_ACTIVATION = 3, CONV_DILATION_W = 4,
       CONV_DILATION_H = 5, CONV_QUANTIZED_BIAS_TYPE = 6 };
enum { DW_PADDING = 0, DW_STRIDE_W = 1, DW_STRIDE_H = 2, DW_DEPTH_MULTIPLIER = 3, DW_ACTIVATION = 4,
       DW_DILATION_W = 5, DW_DILATION_H = 6 };

typedef struct conv_options {
    uint8_t padding;
    int8_t activation;
    int32_t stride_w, stride_h, dilation_w, dilation_h;
} conv_options;

#define CONV_FIELD(id, member) {id, (uint8_t)sizeof(((conv_options *)0)->member), (uint8_t)offsetof(conv_options, member)}

static int read_options(tq_prep *p, uint8_t type, const fb_field_spec spec[6], conv_options *o) {
    const fb_table *t = tm_options(&p->op, type);
    o->padding = 0;
    o->activation = 0;
    o->stride_w = o->stride_h = 0;
    o->dilation_w = o->dilation_h = 1;
    if (t != NULL && !fb_read_fields(&p->m->fb, t, spec, 6, o)) return tm_corrupt(p->m, p->e);
    return 1;
}

static int depthwise_multiplier_matches(tq_prep *p, int32_t multiplier) {
    int32_t option = 0;
    const fb_table *t = tm_options(&p->op, TM_OPT_DEPTHWISE);
    if (t != NULL && !fb_read(&p->m->fb, t, DW_DEPTH_MULTIPLIER, &option)) return tm_corrupt(p->m, p->e);
    if (option != multiplier) return tq_op_fail(p, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_PARAMETER);
    return 1;
}

/* What conv and depthwise share: tensors, geometry, requantization, the record. */
static int prepare_common(tq_prep *p, int depthwise) {
    static const fb_field_spec conv_spec[6] = {
        CONV_FIELD(CONV_PADDING, padding), CONV_FIELD(CONV_STRIDE_W, stride_w), CONV_FIELD(CONV_STRIDE_H, stride_h),
        CONV_FIELD(CONV_ACTIVATION, activation), CONV_FIELD(CONV_DILATION_W, dilation_w),
        CONV_FIELD(CONV_DILATION_H, dilation_h)};
    static const fb_field_spec dw_spec[6] = {
        CONV_FIELD(DW_PADDING, padding), CONV_FIELD(DW_STRIDE_W, stride_w), CONV_FIELD(DW_STRIDE_H, stride_h),
        CONV_FIELD(DW_ACTIVATION, activation), CONV_FIELD(DW_DILATION_W, dilation_w),
        CONV_FIELD(DW_DILATION_H, dilation_h)};
    tm_tensor t[4];
    tm_tensor *const in = &t[0], *const w = &t[1], *const bias = &t[2], *const out = &t[3];
    conv_record r;
    conv_options o;
    int has_bias;
    /* An operator left out by tinyops_config.h: its branches compile away. */
    depthwise = TINYOPS_OP_DEPTHWISE_CONV_2D && (!TINYOPS_OP_CONV_2D || depthwise);
    if (!tq_tensors(p, 2, 3, 3, t) ||
        !read_options(p, depthwise ? TM_OPT_DEPTHWISE : TM_OPT_CONV2D, depthwise ? dw_spec : conv_spec, &o))
        return 0;
    has_bias = bias->index >= 0;
    if (!tq_int8(p, in) || !tq_type(p, w, TINYOPS_INT8) || !tq_int8(p, out)) return 0;
    if (!depthwise && !tq_check_bias_type_option(p, tm_options(&p->op, TM_OPT_CONV2D), CONV_QUANTIZED_BIAS_TYPE)) return 0;
    if (in->rank != 4 || w->rank != 4 || out->rank != 4 || in->dims[0] != out->dims[0])
        return tq_op_fail(p, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_SHAPE);
    r.batches = in->dims[0];
    r.in_h = in->dims[1];
    r.in_w = in->dims[2];
    r.in_c = in->dims[3];
    r.out_h = out->dims[1];
    r.out_w = out->dims[2];
    r.out_c = out->dims[3];
    r.k_h = w->dims[1];
    r.k_w = w->dims[2];
    if (depthwise) {
        /* filter (1, kh, kw, out_c), out_c = in_c * depth multiplier */
        if (w->dims[0] != 1 || w->dims[3] != r.out_c || r.out_c % r.in_c != 0)
            return tq_op_fail(p, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_SHAPE);
        r.group_c = r.out_c / r.in_c;
        /* TFLM loops over the option's multiplier; one that disagrees with the shapes
         * would index outside the output there. */
        if (!depthwise_multiplier_matches(p, r.group_c)) return 0;
    } else {
        /* filter (out_c, kh, kw, in_c / groups) */
        r.group_c = w->dims[3];
        if (w->dims[0] != r.out_c || r.in_c % r.group_c != 0 || r.out_c % (r.in_c / r.group_c) != 0)
            return tq_op_fail(p, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_SHAPE);
    }
    if (!tq_check_per_channel(p, w, depthwise ? 3 : 0, r.out_c)) return 0;
    if (has_bias) {
        if (!tq_type(p, bias, TINYOPS_INT32) || !tq_const_aligned(p, bias)) return 0;
        if (bias->count != (uint32_t)r.out_c) return tq_tensor_fail(p, bias, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_SHAPE);
    }
    r.stride_h = o.stride_h;
    r.stride_w = o.stride_w;
    r.dilation_h = o.dilation_h;
    r.dilation_w = o.dilation_w;
    if (!tq_window(p, o.padding, r.in_h, r.k_h, r.stride_h, r.dilation_h, r.out_h, &r.pad_h) ||
        !tq_window(p, o.padding, r.in_w, r.k_w, r.stride_w, r.dilation_w, r.out_w, &r.pad_w))
        return 0;
    return tq_finish_weighted(p, t, o.activation, &r,
                              depthwise ? TQ_WEIGHTED_LAYOUT(conv_record, input_offset, output_offset, TQ_K_DEPTHWISE_CONV_2D)
                                        : TQ_WEIGHTED_LAYOUT(conv_record, input_offset, output_offset, TQ_K_CONV_2D),
                              r.out_c);
}

int tq_prepare_conv_2d(tq_prep *p) { return prepare_common(p, 0); }

int tq_prepare_depthwise_conv_2d(tq_prep *p) { return prepare_common(p, 1); }

static int32_t requantize(const conv_record *r, uint32_t acc, const int32_t *bias, int32_t c,
                          const int32_t *multipliers, const int8_t *shifts) {
    if (bias != NULL) acc += (uint32_t)bias[c];
    return tq_clamp(tq_wrap_add(tq_mbqm_call((int32_t)acc, multipliers[c], shifts[c]), r->output_offset), r->act_min,
                    r->act_max);
}

/* Sums of w[i] * x[i] and of w[i] for up to four filters `stride` bytes apart against the
 * same input run, wrapping (so sums in any order give TFLM's result: sum w * (x + offset) =
 * sum w * x + offset * sum w, modulo 2^32). Lanes from `lanes` on repeat filter 0 and are
 * ignored by the caller. */
static TQ_NOINLINE void dot2x4(const int8_t *w, int32_t stride, int32_t lanes, const int8_t *in, int32_t n, uint32_t *wx,
                   uint32_t *ws) {
    const int8_t *w1 = lanes > 1 ? w + stride : w, *w2 = lanes > 2 ? w + 2 * stride : w;
    const int8_t *w3 = lanes > 3 ? w + 3 * stride : w;
    uint32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0, s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int32_t i;
    for (i = 0; i < n; i++) {
        const int32_t v = in[i];
        a0 += (uint32_t)(w[i] * v);
        a1 += (uint32_t)(w1[i] * v);
        a2 += (uint32_t)(w2[i] * v);
        a3 += (uint32_t)(w3[i] * v);
        s0 += (uint32_t)w[i];
        s1 += (uint32_t)w1[i];
        s2 += (uint32_t)w2[i];
        s3 += (uint32_t)w3[i];
    }
    wx[0] += a0;
    wx[1] += a1;
    wx[2] += a2;
    wx[3] += a3;
    ws[0] += s0;
    ws[1] += s1;
    ws[2] += s2;
    ws[3] += s3;
}

/* TFLM's ConvPerChannel (any dilation, grouped filters), four output channels of a group per
 * pass sharing the input loads. The kernel positions that fall inside the input are clipped
 * once per output position; each meets a run of group_c input bytes, and without dilation
 * or groups a kernel row meets one contiguous run of kw x in_c bytes.
 * input (n, h, w, in_c), filter (out_c, kh, kw, in_c / groups) -> output (n, oh, ow, out_c) */
void tq_eval_conv_2d(const tq_exec *x, const void *record) {
    const conv_record *r = (const conv_record *)record;
    const int8_t *input = (const int8_t *)tq_in(x, r->input);
    const int8_t *filter = (const int8_t *)tq_in(x, r->filter);
    const int32_t *bias = r->bias == TQ_REF_NONE ? NULL : (const int32_t *)tq_in(x, r->bias);
    int8_t *output = (int8_t *)tq_out(x, r->output);
    const int32_t *multipliers = (const int32_t *)(const void *)(r + 1);
    const int8_t *shifts = (const int8_t *)(multipliers + r->out_c);
    const int32_t filters_per_group = r->out_c / (r->in_c / r->group_c);
    const int32_t filter_stride = r->k_h * r->k_w * r->group_c;
    const int32_t dw = r->dilation_w;
    const int merged = dw == 1 && r->group_c == r->in_c;
    int32_t b, oy, ox, oc, ky, kx;
#if TINYOPS_FAST_KERNELS
    if (tq_conv_fast(x, r)) return;
#endif
    for (b = 0; b < r->batches; b++) {
        const int8_t *image = input + b * r->in_h * r->in_w * r->in_c;
        for (oy = 0; oy < r->out_h; oy++) {
            const int32_t y0 = oy * r->stride_h - r->pad_h;
            for (ox = 0; ox < r->out_w; ox++) {
                /* kernel columns kx0 .. kx1 - 1 have 0 <= x0 + kx * dw < in_w */
                const int32_t x0 = ox * r->stride_w - r->pad_w;
                const int32_t kx0 = x0 < 0 ? (dw - 1 - x0) / dw : 0;
                const int32_t end = r->in_w - x0 > 0 ? (r->in_w - x0 + dw - 1) / dw : 0;
                const int32_t kx1 = end < r->k_w ? end : r->k_w;
                const int32_t run = merged ? (kx1 - kx0) * r->in_c : r->group_c;
                for (oc = 0; oc < r->out_c;) {
                    uint32_t wx[4] = {0, 0, 0, 0}, ws[4] = {0, 0, 0, 0};
                    const int32_t in_group = filters_per_group - oc % filters_per_group;
                    const int32_t channel0 = (oc / filters_per_group) * r->group_c;
                    int32_t lanes = r->out_c - oc < 4 ? r->out_c - oc : 4, lane;
                    if (in_group < lanes) lanes = in_group;
                    for (ky = 0; ky < r->k_h; ky++) {
                        const int32_t iy = y0 + r->dilation_h * ky;
                        if (iy < 0 || iy >= r->in_h) continue;
                        for (kx = kx0; kx < kx1; kx += merged ? kx1 - kx0 : 1)
                            dot2x4(filter + ((oc * r->k_h + ky) * r->k_w + kx) * r->group_c, filter_stride, lanes,
                                   image + (iy * r->in_w + x0 + kx * dw) * r->in_c + channel0, run, wx, ws);
                    }
                    for (lane = 0; lane < lanes; lane++, oc++)
                        *output++ = (int8_t)requantize(r, wx[lane] + (uint32_t)r->input_offset * ws[lane], bias, oc,
                                                       multipliers, shifts);
                }
            }
        }
    }
}

/* input (n, h, w, in_c), filter (1, kh, kw, in_c * m) -> output (n, oh, ow, in_c * m) */
void tq_eval_depthwise_conv_2d(const tq_exec *x, const void *record) {
    const conv_record *r = (const conv_record *)record;
    const int8_t *input = (const int8_t *)tq_in(x, r->input);
    const int8_t *filter = (const int8_t *)tq_in(x, r->filter);
    const int32_t *bias = r->bias == TQ_REF_NONE ? NULL : (const int32_t *)tq_in(x, r->bias);
    int8_t *output = (int8_t *)tq_out(x, r->output);
    const int32_t *multipliers = (const int32_t *)(const void *)(r + 1);
    const int8_t *shifts = (const int8_t *)(multipliers + r->out_c);
    int32_t b, oy, ox, ic, m, ky, kx;
#if TINYOPS_FAST_KERNELS
    if (tq_depthwise_fast(x, r)) return;
#endif
    for (b = 0; b < r->batches; b++) {
        const int8_t *image = input + b * r->in_h * r->in_w * r->in_c;
        for (oy = 0; oy < r->out_h; oy++) {
            const int32_t y0 = oy * r->stride_h - r->pad_h;
            for (ox = 0; ox < r->out_w; ox++) {
                const int32_t x0 = ox * r->stride_w - r->pad_w;
                for (ic = 0; ic < r->in_c; ic++) {
                    for (m = 0; m < r->group_c; m++) {
                        const int32_t oc = ic * r->group_c + m;
                        uint32_t acc = 0;
                        for (ky = 0; ky < r->k_h; ky++) {
                            const int32_t iy = y0 + r->dilation_h * ky;
                            if (iy < 0 || iy >= r->in_h) continue;
                            for (kx = 0; kx < r->k_w; kx++) {
                                const int32_t ix = x0 + r->dilation_w * kx;
                                if (ix < 0 || ix >= r->in_w) continue;
                                acc += (uint32_t)(filter[(ky * r->k_w + kx) * r->out_c + oc] *
                                                  (image[(iy * r->in_w + ix) * r->in_c + ic] + r->input_offset));
                            }
                        }
                        *output++ = (int8_t)requantize(r, acc, bias, oc, multipliers, shifts);
                    }
                }
            }
        }
    }
}
