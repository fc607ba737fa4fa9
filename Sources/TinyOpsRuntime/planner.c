#include "planner.h"

uint32_t tq_planner_bytes(uint32_t tensor_count) {
    return tensor_count * (uint32_t)sizeof(tq_plan_entry);
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

/* How a step uses a tensor. */
enum { USE_GRAPH_INPUT, USE_READ, USE_WRITE, USE_GRAPH_OUTPUT };

/* Records that step `step` uses tensor `index` as `use`, checking the data flow: no
 * operator writes a constant or a graph input, nothing is read before it is written. */
static int use_tensor(tm_model *m, tq_plan_entry *entries, int32_t index, uint16_t step, int use, tinyops_error *e) {
    tq_plan_entry *entry;
    tinyops_status status = TINYOPS_ERR_MODEL_INVALID;
    tinyops_reason reason;
    int is_const;
    if (!size_entry(m, entries, index, e, &is_const)) return 0;
    entry = &entries[index];
    if (is_const) {
        if (use == USE_READ) return 1; /* weights and other constant inputs */
        reason = use == USE_GRAPH_INPUT ? TINYOPS_REASON_CONSTANT_GRAPH_INPUT : TINYOPS_REASON_CONSTANT_OUTPUT;
        if (use == USE_GRAPH_OUTPUT) {
            status = TINYOPS_ERR_UNSUPPORTED;
            reason = TINYOPS_REASON_CONSTANT_GRAPH_OUTPUT;
        }
    } else if ((use == USE_READ || use == USE_GRAPH_OUTPUT) && (entry->flags & TQ_PLAN_WRITTEN) == 0) {
        reason = TINYOPS_REASON_UNWRITTEN_INPUT;
    } else if (use == USE_WRITE && (entry->flags & TQ_PLAN_GRAPH_INPUT) != 0) {
        reason = TINYOPS_REASON_INPUT_WRITTEN;
    } else {
        if (use == USE_WRITE && (entry->flags & TQ_PLAN_WRITTEN) != 0) entry->flags |= TQ_PLAN_MULTI_WRITTEN;
        if (use == USE_WRITE) entry->flags |= TQ_PLAN_WRITTEN;
        if (use == USE_GRAPH_INPUT) entry->flags |= TQ_PLAN_WRITTEN | TQ_PLAN_GRAPH_INPUT;
        if (entry->first > step) entry->first = step;
        if (entry->last < step) entry->last = step;
        return 1;
    }
    e->tensor_index = index;
    return tq_fail(e, status, reason);
}

/* Graph inputs (step 0), then every operator in order, then graph outputs (step
 * op_count + 1). A failure inside an operator's step names the operator. */
static int collect(tm_model *m, tq_plan_entry *entries, tinyops_error *e) {
    const uint32_t end = m->operators.count + 1u;
    uint32_t i, k;
    for (i = 0; i < m->tensors.count; i++) {
        entries[i].bytes = 0;
        entries[i].offset = 0;
        entries[i].first = 0xFFFFu;
        entries[i].last = 0;
        entries[i].root = (uint16_t)i;
        entries[i].align = 1;
        entries[i].flags = 0;
    }
    for (i = 0; i <= end; i++) {
        tm_op op;
        const fb_vector *lists[2];
        if (i == 0) {
            lists[0] = &m->inputs; /* graph inputs: as if written before op 0 */
            lists[1] = NULL;
        } else if (i == end) {
            lists[0] = NULL;
            lists[1] = &m->outputs; /* graph outputs: read after the last op */
        } else {
            if (!tm_op_at(m, i - 1u, &op, e)) {
                e->op_index = (int32_t)(i - 1u);
                return 0;
            }
            lists[0] = &op.inputs;
            lists[1] = &op.outputs;
        }
        for (k = 0; k < 2; k++) {
            const fb_vector *v = lists[k];
            uint32_t j;
            for (j = 0; v != NULL && j < v->count; j++) {
                const int32_t index = fb_vec_i32(&m->fb, v, j);
                const int use = i == 0 ? USE_GRAPH_INPUT : i == end ? USE_GRAPH_OUTPUT : k == 0 ? USE_READ : USE_WRITE;
                if (use == USE_READ && index == -1) continue; /* absent optional input */
                if (!use_tensor(m, entries, index, (uint16_t)i, use, e)) {
                    if (use == USE_READ || use == USE_WRITE) e->op_index = (int32_t)(i - 1u);
                    return 0;
                }
            }
        }
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

/* Whether entry `i` is a placed storage root live at the same time as `t`. */
static int placed_overlap(const tq_plan_entry *entries, uint32_t i, const tq_plan_entry *t) {
    const tq_plan_entry *q = &entries[i];
    return (q->flags & TQ_PLAN_PLACED) != 0 && q->root == i && q->first <= t->last && t->first <= q->last;
}

/* Lowest offset for `t` clear of every placed buffer that is live at the same time:
 * 0 or the (aligned) end of such a buffer. */
static uint32_t lowest_offset(const tq_plan_entry *entries, uint32_t count, const tq_plan_entry *t) {
    uint32_t best = 0xFFFFFFFFu, i, j;
    for (i = 0; i <= count; i++) {
        uint32_t candidate = 0;
        if (i < count) {
            if (!placed_overlap(entries, i, t)) continue;
            candidate = entries[i].offset + entries[i].bytes;
            candidate = (candidate + t->align - 1u) / t->align * t->align;
        }
        if (candidate >= best) continue;
        for (j = 0; j < count; j++)
            if (placed_overlap(entries, j, t) && candidate < entries[j].offset + entries[j].bytes &&
                entries[j].offset < candidate + t->bytes)
                break;
        if (j == count) best = candidate;
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
