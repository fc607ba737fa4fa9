/* ADD and MUL, int8, with numpy broadcasting up to TINYOPS_MAX_DIMS
 * (TFLM reference_integer_ops::Add with its left-shift-20 scheme, and Mul). */
#include "fixedpoint.h"
#include "k_arith.h"

enum { ARITH_ACTIVATION = 0 };

/* Right-aligned broadcasting; the output must have exactly the broadcast shape. */
static int broadcast(tq_prep *p, const tm_tensor *a, const tm_tensor *b, const tm_tensor *out, arith_record *r) {
    int32_t d, sa = 1, sb = 1;
    r->rank = out->rank;
    r->broadcast = !tq_same_shape(a, b);
    if (a->rank > out->rank || b->rank > out->rank) return tq_op_fail(p, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_BROADCAST);
    for (d = 0; d < TINYOPS_MAX_DIMS; d++) r->dims[d] = r->strides1[d] = r->strides2[d] = 0;
    for (d = 0; d < out->rank; d++) {
        const int32_t da = d < a->rank ? a->dims[a->rank - 1 - d] : 1;
        const int32_t db = d < b->rank ? b->dims[b->rank - 1 - d] : 1;
        const int32_t dout = da > db ? da : db;
        if ((da != dout && da != 1) || (db != dout && db != 1) || out->dims[out->rank - 1 - d] != dout)
            return tq_op_fail(p, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_BROADCAST);
        r->dims[d] = dout;
        r->strides1[d] = da == 1 ? 0 : sa;
        r->strides2[d] = db == 1 ? 0 : sb;
        sa *= da;
        sb *= db;
    }
    if (!r->broadcast && out->count != a->count) return tq_op_fail(p, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_BROADCAST);
    r->count = (int32_t)out->count;
    return 1;
}

static int prepare(tq_prep *p, int is_add) {
    tm_tensor a, b, out;
    arith_record r;
    int8_t activation = 0;
    void *mem;
    const fb_table *o = tm_options(&p->op, is_add ? TM_OPT_ADD : TM_OPT_MUL);
    if (!tq_counts(p, 2, 2, 1) || !tq_input(p, 0, &a) || !tq_input(p, 1, &b) || !tq_output(p, 0, &out)) return 0;
    if (o != NULL && !fb_read(&p->m->fb, o, ARITH_ACTIVATION, &activation)) return tm_corrupt(p->m, p->e);
    if (!tq_int8(p, &a) || !tq_int8(p, &b) || !tq_int8(p, &out) || !broadcast(p, &a, &b, &out, &r)) return 0;
    r.in1_offset = -(int32_t)a.zero_point;
    r.in2_offset = -(int32_t)b.zero_point;
    r.output_offset = (int32_t)out.zero_point;
    r.in1_multiplier = r.in1_shift = r.in2_multiplier = r.in2_shift = 0;
    if (is_add) {
        /* add_common.cc: both inputs scaled to twice the larger input scale, 20 bits up. */
        /* In double: twice_max = 2 * max(a, b); a / twice_max, b / twice_max and
         * twice_max / (2^20 * out), which must be below 1. */
        tq_real sa, sb, twice_max, real, one;
        tq_real_f32(&sa, a.scale);
        tq_real_f32(&sb, b.scale);
        twice_max = tq_real_cmp(&sa, &sb) == 1 ? sa : sb;
        tq_real_scale2(&twice_max, 1);
        tq_real_div(&real, &sa, &twice_max);
        if (!tq_multiplier(p, &real, &r.in1_multiplier, &r.in1_shift)) return 0;
        tq_real_div(&real, &sb, &twice_max);
        if (!tq_multiplier(p, &real, &r.in2_multiplier, &r.in2_shift)) return 0;
        tq_real_f32(&sa, out.scale);
        tq_real_scale2(&sa, ADD_LEFT_SHIFT);
        tq_real_div(&real, &twice_max, &sa);
        tq_real_f32(&one, 1.0f);
        if (tq_real_cmp(&real, &one) != -1) return tq_op_fail(p, TINYOPS_ERR_UNSUPPORTED, TINYOPS_REASON_MULTIPLIER_RANGE);
        if (!tq_multiplier(p, &real, &r.multiplier, &r.shift)) return 0;
    } else {
        if (!tq_scale_multiplier(p, a.scale, b.scale, out.scale, &r.multiplier, &r.shift)) return 0;
    }
    if (!tq_activation_range(p, activation, &out, &r.act_min, &r.act_max)) return 0;
    r.in1 = tq_ref_of(p, &a);
    r.in2 = tq_ref_of(p, &b);
    r.output = tq_ref_of(p, &out);
    if (!tq_alloc(p, (uint32_t)sizeof r, &mem)) return 0;
    if (mem != NULL) *(arith_record *)mem = r;
    p->kernel = is_add ? TQ_K_ADD : TQ_K_MUL;
    return 1;
}

int tq_prepare_add(tq_prep *p) { return prepare(p, 1); }

int tq_prepare_mul(tq_prep *p) { return prepare(p, 0); }

static int32_t add_one(const arith_record *r, int32_t x, int32_t y) {
    const int32_t a = tq_mbqm((x + r->in1_offset) * (1 << ADD_LEFT_SHIFT), r->in1_multiplier, r->in1_shift);
    const int32_t b = tq_mbqm((y + r->in2_offset) * (1 << ADD_LEFT_SHIFT), r->in2_multiplier, r->in2_shift);
    const int32_t raw = tq_wrap_add(tq_mbqm(tq_wrap_add(a, b), r->multiplier, r->shift), r->output_offset);
    return tq_clamp(raw, r->act_min, r->act_max);
}

static int32_t mul_one(const arith_record *r, int32_t x, int32_t y) {
    const int32_t raw = tq_wrap_add(tq_mbqm((x + r->in1_offset) * (y + r->in2_offset), r->multiplier, r->shift),
                                    r->output_offset);
    return tq_clamp(raw, r->act_min, r->act_max);
}

/* Elementwise over the output, input offsets from the broadcast strides. */
static void run(const tq_exec *x, const arith_record *r, int32_t (*f)(const arith_record *, int32_t, int32_t)) {
    const int8_t *a = (const int8_t *)tq_in(x, r->in1);
    const int8_t *b = (const int8_t *)tq_in(x, r->in2);
    int8_t *out = (int8_t *)tq_out(x, r->output);
    int32_t i, d;
    if (!r->broadcast) {
        for (i = 0; i < r->count; i++) out[i] = (int8_t)f(r, a[i], b[i]);
    } else {
        int32_t index[TINYOPS_MAX_DIMS] = {0, 0, 0, 0, 0, 0};
        int32_t ia = 0, ib = 0;
        for (i = 0; i < r->count; i++) {
            out[i] = (int8_t)f(r, a[ia], b[ib]);
            for (d = 0; d < r->rank; d++) {
                ia += r->strides1[d];
                ib += r->strides2[d];
                if (++index[d] < r->dims[d]) break;
                ia -= r->strides1[d] * r->dims[d];
                ib -= r->strides2[d] * r->dims[d];
                index[d] = 0;
            }
        }
    }
}

void tq_eval_add(const tq_exec *x, const void *record) {
#if TINYOPS_FAST_KERNELS
    if (tq_arith_fast(x, (const arith_record *)record, 1)) return;
#endif
    run(x, (const arith_record *)record, add_one);
}

void tq_eval_mul(const tq_exec *x, const void *record) {
#if TINYOPS_FAST_KERNELS
    if (tq_arith_fast(x, (const arith_record *)record, 0)) return;
#endif
    run(x, (const arith_record *)record, mul_one);
}
