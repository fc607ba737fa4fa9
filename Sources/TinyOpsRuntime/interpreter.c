/* Init (verify, prepare, plan), invoke, and the public accessors. */
#include <string.h>

#include "planner.h"

/* Prepares every operator. Measuring (base == NULL) only validates and counts the bytes;
 * writing fills the op table, the I/O references and the records. *used is the size of
 * the record region either way. */
static int prepare_all(tm_model *m, uint8_t *base, const tq_plan_entry *plan, const uint8_t *model_memory,
                       uint32_t *used, tinyops_error *e) {
    tq_prep p;
    uint32_t i, io_count = m->inputs.count + m->outputs.count;
    p.m = m;
    p.e = e;
    p.base = base;
    p.plan = plan;
    p.model_memory = model_memory;
    p.used = m->operators.count * (uint32_t)sizeof(tq_op_entry) + io_count * 4u;
    for (i = 0; i < m->operators.count; i++) {
        tq_prepare_fn prepare;
        uint32_t record = p.used;
        p.op_index = i;
        p.kernel = TQ_K_NOP;
        if (!tm_op_at(m, i, &p.op, e)) {
            e->op_index = (int32_t)i;
            return 0;
        }
        prepare = tq_prepare_for(p.op.code);
        if (prepare == NULL)
            return tq_op_fail(&p, TINYOPS_ERR_UNSUPPORTED_OP,
                              tq_op_excluded(p.op.code) ? TINYOPS_REASON_OPERATOR_EXCLUDED : TINYOPS_REASON_OPERATOR);
        if (!prepare(&p)) return 0;
        if (base != NULL) {
            tq_op_entry entry;
            entry.kernel = (uint16_t)p.kernel;
            entry.reserved = 0;
            entry.record = record;
            memcpy(base + i * sizeof(tq_op_entry), &entry, sizeof entry);
        }
    }
    for (i = 0; i < io_count; i++) {
        const int is_output = i >= m->inputs.count;
        int32_t index;
        tm_tensor t;
        if (!tm_graph_io(m, is_output, is_output ? i - m->inputs.count : i, &index, e) ||
            !tm_tensor_at(m, index, &t, e))
            return 0;
        if (base != NULL) {
            tq_ref ref = tq_ref_of(&p, &t);
            memcpy(base + m->operators.count * sizeof(tq_op_entry) + 4u * i, &ref, 4);
        }
    }
    *used = p.used;
    return 1;
}

/* Record bytes, then the planner entries after them; *activations is the planned size. */
typedef struct layout {
    uint32_t records;
    uint32_t planner;
    uint32_t activations;
} layout;

static uint64_t layout_total(const layout *l) {
    return (uint64_t)l->records + (l->activations > l->planner ? l->activations : l->planner);
}

/* ARENA_TOO_SMALL with the bytes needed. */
static tinyops_status arena_too_small(tinyops_error *e, uint64_t needed) {
    tq_fail(e, TINYOPS_ERR_ARENA_TOO_SMALL, TINYOPS_REASON_ARENA_SIZE);
    e->needed = needed;
    return e->status;
}

/* tinyops_interpreter.describe_ after tinyops_init: reads the model (verified by init). */
static tinyops_status describe(const tinyops_interpreter *it, int is_output, size_t index, tinyops_tensor_info *info) {
    tm_model m;
    tm_tensor t;
    tinyops_error e;
    tq_ref ref;
    int32_t tensor, i;
    const size_t count = is_output ? it->output_count_ : it->input_count_;
    tq_error_reset(&e);
    if (index >= count || info == NULL) return TINYOPS_ERR_ARGUMENT;
    /* The model was verified by init; these reads repeat the same checks. */
    if (!tm_open(&m, it->model_, it->model_len_, &e) || !tm_graph_io(&m, is_output, (uint32_t)index, &tensor, &e) ||
        !tm_tensor_at(&m, tensor, &t, &e))
        return e.status;
    memcpy(&ref, it->base_ + it->io_ + 4u * (is_output ? it->input_count_ + index : index), 4);
    info->data = it->activations_ + ref;
    info->bytes = t.bytes;
    info->type = t.type;
    info->rank = t.rank;
    for (i = 0; i < TINYOPS_MAX_DIMS; i++) info->dims[i] = i < t.rank ? t.dims[i] : 0;
    info->scale = t.quantized ? t.scale : 0.0f;
    info->zero_point = t.quantized ? (int32_t)t.zero_point : 0;
    info->tensor_index = tensor;
    return TINYOPS_OK;
}

tinyops_status tinyops_init(tinyops_interpreter *it, const uint8_t *model, size_t model_len, uint8_t *arena,
                            size_t arena_len) {
    tm_model m;
    layout l;
    uint32_t written = 0;
    size_t pad, available;
    uint8_t *base;
    tinyops_error *e;
    if (it == NULL) return TINYOPS_ERR_ARGUMENT;
    memset(it, 0, sizeof *it);
    e = &it->error_;
    tq_error_reset(e);
    if (model == NULL || arena == NULL) {
        tq_fail(e, TINYOPS_ERR_ARGUMENT, TINYOPS_REASON_NULL_ARGUMENT);
        return e->status;
    }
    pad = (TINYOPS_ARENA_ALIGNMENT - (size_t)((uintptr_t)arena % TINYOPS_ARENA_ALIGNMENT)) % TINYOPS_ARENA_ALIGNMENT;
    available = arena_len > pad ? arena_len - pad : 0;
    if (!tm_open(&m, model, model_len, e) || !prepare_all(&m, NULL, NULL, model, &l.records, e)) return e->status;
    l.planner = tq_planner_bytes(m.tensors.count);
    l.activations = 0;
    if ((uint64_t)l.records + l.planner > available) {
        /* Not even room to plan: report what is known to be needed. */
        return arena_too_small(e, (uint64_t)pad + l.records + l.planner);
    }
    base = arena + pad;
    if (!tq_plan_tensors(&m, (tq_plan_entry *)(void *)(base + l.records), &l.activations, e))
        return e->status;
    if (layout_total(&l) > available) {
        return arena_too_small(e, (uint64_t)pad + layout_total(&l));
    }
    /* Records round up to 4 bytes; zeroed padding makes the record region (and so a prepared
     * image) depend on the model only, not on what the arena held before. */
    memset(base, 0, l.records);
    if (!prepare_all(&m, base, (const tq_plan_entry *)(const void *)(base + l.records), model, &written, e))
        return e->status;
    it->model_ = model;
    it->model_len_ = (uint32_t)model_len;
    it->base_ = base;
    it->activations_ = base + l.records;
    it->activation_bytes_ = l.activations;
    it->describe_ = describe;
    it->used_ = pad + (size_t)layout_total(&l);
    it->ops_ = 0;
    it->op_count_ = m.operators.count;
    it->io_ = m.operators.count * (uint32_t)sizeof(tq_op_entry);
    it->input_count_ = m.inputs.count;
    it->output_count_ = m.outputs.count;
    it->ready_ = TQ_READY;
    return TINYOPS_OK;
}

static int ready(const tinyops_interpreter *it) { return it != NULL && it->ready_ == TQ_READY; }

tinyops_status tinyops_invoke(tinyops_interpreter *it) {
    tq_exec x;
    uint32_t i;
    if (it == NULL) return TINYOPS_ERR_ARGUMENT;
    if (!ready(it)) {
        tq_fail(&it->error_, TINYOPS_ERR_ARGUMENT, TINYOPS_REASON_NOT_INITIALIZED);
        return TINYOPS_ERR_ARGUMENT;
    }
    x.model = it->model_;
    x.activations = it->activations_;
    for (i = 0; i < it->op_count_; i++) {
        tq_op_entry entry;
        memcpy(&entry, it->base_ + it->ops_ + i * sizeof(tq_op_entry), sizeof entry);
        tq_eval_for((tq_kernel)entry.kernel)(&x, it->base_ + entry.record);
    }
    return TINYOPS_OK;
}

size_t tinyops_arena_used(const tinyops_interpreter *it) { return ready(it) ? it->used_ : 0; }

const tinyops_error *tinyops_last_error(const tinyops_interpreter *it) { return it == NULL ? NULL : &it->error_; }

size_t tinyops_input_count(const tinyops_interpreter *it) { return ready(it) ? it->input_count_ : 0; }

size_t tinyops_output_count(const tinyops_interpreter *it) { return ready(it) ? it->output_count_ : 0; }

tinyops_status tinyops_input(const tinyops_interpreter *it, size_t index, tinyops_tensor_info *info) {
    return ready(it) ? it->describe_(it, 0, index, info) : TINYOPS_ERR_ARGUMENT;
}

tinyops_status tinyops_output(const tinyops_interpreter *it, size_t index, tinyops_tensor_info *info) {
    return ready(it) ? it->describe_(it, 1, index, info) : TINYOPS_ERR_ARGUMENT;
}

static void *io_data(const tinyops_interpreter *it, int is_output, size_t index) {
    tq_ref ref;
    if (!ready(it) || index >= (is_output ? it->output_count_ : it->input_count_)) return NULL;
    memcpy(&ref, it->base_ + it->io_ + 4u * (is_output ? it->input_count_ + index : index), 4);
    return it->activations_ + ref;
}

void *tinyops_input_data(const tinyops_interpreter *it, size_t index) { return io_data(it, 0, index); }

const void *tinyops_output_data(const tinyops_interpreter *it, size_t index) { return io_data(it, 1, index); }

tinyops_status tinyops_plan(const uint8_t *model, size_t model_len, void *work, size_t work_len,
                            tinyops_plan_info *info, tinyops_error *error) {
    tm_model m;
    layout l;
    tinyops_error local;
    tinyops_error *e = error != NULL ? error : &local;
    size_t pad;
    tq_error_reset(e);
    if (model == NULL || info == NULL) {
        tq_fail(e, TINYOPS_ERR_ARGUMENT, TINYOPS_REASON_NULL_ARGUMENT);
        return e->status;
    }
    memset(info, 0, sizeof *info);
    if (!tm_open(&m, model, model_len, e) || !prepare_all(&m, NULL, NULL, model, &l.records, e)) return e->status;
    l.planner = tq_planner_bytes(m.tensors.count);
    info->record_bytes = l.records;
    info->planner_bytes = l.planner;
    info->work_bytes = (size_t)l.planner + (TINYOPS_ARENA_ALIGNMENT - 1);
    info->operator_count = m.operators.count;
    info->tensor_count = m.tensors.count;
    pad = work == NULL ? 0 : (TINYOPS_ARENA_ALIGNMENT - (size_t)((uintptr_t)work % TINYOPS_ARENA_ALIGNMENT)) % TINYOPS_ARENA_ALIGNMENT;
    if (l.planner > 0 && (work == NULL || work_len < pad || work_len - pad < l.planner)) {
        tq_fail(e, TINYOPS_ERR_WORK_TOO_SMALL, TINYOPS_REASON_WORK_SIZE);
        e->needed = info->work_bytes;
        return e->status;
    }
    if (!tq_plan_tensors(&m, work == NULL ? NULL : (tq_plan_entry *)(void *)((uint8_t *)work + pad), &l.activations, e))
        return e->status;
    info->activation_bytes = l.activations;
    info->arena_bytes = (size_t)layout_total(&l);
    return TINYOPS_OK;
}
