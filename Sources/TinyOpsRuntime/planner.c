#include "planner.h"

uint32_t tq_planner_bytes(uint32_t tensor_count) {
    return tensor_count * (uint32_t)sizeof(tq_plan_entry);
}

static int op_fail(tinyops_error *e, uint32_t op, int32_t code, int32_t tensor, tinyops_reason reason) {
    e->op_index = (int32_t)op;
    e->opcode = code;
    e->tensor_index = tensor;
    return tq_fail(e, TINYOPS_ERR_MODEL_INVALID, reason);
}

/* Sizes an activation tensor the first time the data flow meets it. */
static int size_entry(tm_model *m, tq_plan_entry *entries, int32_t index, tinyops_error *e, int *is_const) {
    tm_tensor t;
    tq_plan_entry *entry;
    if (!tm_tensor_at(m, index, &t, e)) return 0; /* also checks the index */
    entry = &entries[index];
    *is_const = t.is_const;
    if (t.is_const || entry->bytes != 0) return 1;
    if (t.elem_size == 0 || t.elem_size > 4) {
        e->tensor_index = index;
        return tq_fail(e, TINYOPS_ERR_UNSUPPORTED, TINYOPS_REASON_TYPE);
    }
    entry->bytes = t.bytes;
    entry->align = (uint8_t)t.elem_size;
    return 1;
}

static void extend(tq_plan_entry *entry, uint16_t step) {
    if (entry->first > step) entry->first = step;
    if (entry->last < step) entry->last = step;
}

/* Graph inputs, then every operator in order, then graph outputs. */
static int collect(tm_model *m, tq_plan_entry *entries, tinyops_error *e) {
    const uint16_t end = (uint16_t)(m->operators.count + 1u);
    uint32_t i, k;
    int32_t index;
    int is_const;
    for (i = 0; i < m->tensors.count; i++) {
        entries[i].bytes = 0;
        entries[i].offset = 0;
        entries[i].first = 0xFFFFu;
        entries[i].last = 0;
        entries[i].root = (uint16_t)i;
        entries[i].align = 1;
        entries[i].flags = 0;
    }
    for (i = 0; i < m->inputs.count; i++) {
        if (!tm_graph_io(m, 0, i, &index, e) || !size_entry(m, entries, index, e, &is_const)) return 0;
        if (is_const) {
            e->tensor_index = index;
            return tq_fail(e, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_CONSTANT_GRAPH_INPUT);
        }
        entries[index].flags |= TQ_PLAN_WRITTEN | TQ_PLAN_GRAPH_INPUT;
        extend(&entries[index], 0);
    }
    for (i = 0; i < m->operators.count; i++) {
        const uint16_t step = (uint16_t)(i + 1u);
        tm_op op;
        if (!tm_op_at(m, i, &op, e)) {
            e->op_index = (int32_t)i;
            return 0;
        }
        for (k = 0; k < op.inputs.count; k++) {
            index = fb_vec_i32(&m->fb, &op.inputs, k);
            if (index == -1) continue;
            if (!size_entry(m, entries, index, e, &is_const)) {
                e->op_index = (int32_t)i;
                return 0;
            }
            if (is_const) continue;
            if ((entries[index].flags & TQ_PLAN_WRITTEN) == 0)
                return op_fail(e, i, op.code, index, TINYOPS_REASON_UNWRITTEN_INPUT);
            extend(&entries[index], step);
        }
        for (k = 0; k < op.outputs.count; k++) {
            index = fb_vec_i32(&m->fb, &op.outputs, k);
            if (!size_entry(m, entries, index, e, &is_const)) {
                e->op_index = (int32_t)i;
                return 0;
            }
            if (is_const) return op_fail(e, i, op.code, index, TINYOPS_REASON_CONSTANT_OUTPUT);
            if ((entries[index].flags & TQ_PLAN_GRAPH_INPUT) != 0)
                return op_fail(e, i, op.code, index, TINYOPS_REASON_INPUT_WRITTEN);
            if ((entries[index].flags & TQ_PLAN_WRITTEN) != 0) entries[index].flags |= TQ_PLAN_MULTI_WRITTEN;
            entries[index].flags |= TQ_PLAN_WRITTEN;
            extend(&entries[index], step);
        }
    }
    for (i = 0; i < m->outputs.count; i++) {
        if (!tm_graph_io(m, 1, i, &index, e) || !size_entry(m, entries, index, e, &is_const)) return 0;
        if (is_const) {
            e->tensor_index = index;
            return tq_fail(e, TINYOPS_ERR_UNSUPPORTED, TINYOPS_REASON_CONSTANT_GRAPH_OUTPUT);
        }
        if ((entries[index].flags & TQ_PLAN_WRITTEN) == 0) {
            e->tensor_index = index;
            return tq_fail(e, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_UNWRITTEN_INPUT);
        }
        extend(&entries[index], end);
    }
    return 1;
}

/* Reshape-like operators: the output shares the input's storage when both are written
 * exactly once and have the same size (their kernel then does nothing). */
static int alias(tm_model *m, tq_plan_entry *entries, tinyops_error *e) {
    uint32_t i;
    for (i = 0; i < m->operators.count; i++) {
        tm_op op;
        int32_t in, out;
        tq_plan_entry *source, *target;
        if (!tm_op_at(m, i, &op, e)) return 0;
        if (!tq_op_aliases(op.code) || op.inputs.count < 1 || op.outputs.count != 1) continue;
        in = fb_vec_i32(&m->fb, &op.inputs, 0);
        out = fb_vec_i32(&m->fb, &op.outputs, 0);
        if (in < 0 || out < 0 || in == out) continue;
        source = &entries[in];
        target = &entries[out];
        if (source->bytes == 0 || source->bytes != target->bytes) continue; /* constant, or the kernel rejects it */
        if (((source->flags | target->flags) & TQ_PLAN_MULTI_WRITTEN) != 0) continue;
        target->root = source->root;
    }
    /* Roots cover the lifetimes of all their members. */
    for (i = 0; i < m->tensors.count; i++) {
        tq_plan_entry *root = &entries[entries[i].root];
        if (entries[i].root == i || entries[i].bytes == 0) continue;
        if (root->first > entries[i].first) root->first = entries[i].first;
        if (root->last < entries[i].last) root->last = entries[i].last;
        if (root->align < entries[i].align) root->align = entries[i].align;
    }
    return 1;
}

static int overlap_in_time(const tq_plan_entry *a, const tq_plan_entry *b) {
    return a->first <= b->last && b->first <= a->last;
}

static uint32_t align_up(uint32_t value, uint32_t align) {
    return (value + align - 1u) / align * align;
}

/* Lowest offset for `t` clear of every placed buffer that is live at the same time. */
static uint32_t lowest_offset(const tq_plan_entry *entries, uint32_t count, const tq_plan_entry *t) {
    uint32_t best = 0xFFFFFFFFu, i, j;
    for (i = 0; i <= count; i++) {
        uint32_t candidate;
        int fits = 1;
        if (i < count) {
            const tq_plan_entry *q = &entries[i];
            if ((q->flags & TQ_PLAN_PLACED) == 0 || q->root != i || !overlap_in_time(q, t)) continue;
            candidate = align_up(q->offset + q->bytes, t->align);
        } else {
            candidate = 0;
        }
        if (candidate >= best) continue;
        for (j = 0; j < count && fits; j++) {
            const tq_plan_entry *q = &entries[j];
            if ((q->flags & TQ_PLAN_PLACED) == 0 || q->root != j || !overlap_in_time(q, t)) continue;
            if (candidate < q->offset + q->bytes && q->offset < candidate + t->bytes) fits = 0;
        }
        if (fits) best = candidate;
    }
    return best;
}

static int place(tq_plan_entry *entries, uint32_t count, uint32_t *activation_bytes, tinyops_error *e) {
    uint64_t end = 0;
    for (;;) {
        uint32_t i, pick = count;
        uint64_t top;
        for (i = 0; i < count; i++) {
            const tq_plan_entry *t = &entries[i];
            if (t->root != i || t->bytes == 0 || (t->flags & TQ_PLAN_PLACED) != 0) continue;
            if (pick == count || t->bytes > entries[pick].bytes ||
                (t->bytes == entries[pick].bytes && t->first < entries[pick].first))
                pick = i;
        }
        if (pick == count) break;
        entries[pick].offset = lowest_offset(entries, count, &entries[pick]);
        entries[pick].flags |= TQ_PLAN_PLACED;
        top = (uint64_t)entries[pick].offset + entries[pick].bytes;
        if (top > 0x7FFFFFFFu) return tq_fail(e, TINYOPS_ERR_LIMIT, TINYOPS_REASON_ARENA_OVERFLOW);
        if (top > end) end = top;
    }
    *activation_bytes = (uint32_t)end;
    return 1;
}

int tq_plan_tensors(tm_model *m, tq_plan_entry *entries, uint32_t *activation_bytes, tinyops_error *e) {
    return collect(m, entries, e) && alias(m, entries, e) &&
           place(entries, m->tensors.count, activation_bytes, e);
}
