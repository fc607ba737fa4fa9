#include "planner.h"

uint32_t tq_planner_bytes(uint32_t tensor_count) {
    return tensor_count * (uint32_t)sizeof(tq_plan_entry);
}

/* How a step uses a tensor. */
enum { USE_GRAPH_INPUT, USE_READ, USE_WRITE, USE_GRAPH_OUTPUT };

/* Records that step `step` uses every tensor of `list` as `use`, sizing each activation the
 * first time, and checks the data flow: no operator writes a constant or a graph input,
 * nothing is read before it is written. */
static int use_list(tm_model *m, tq_plan_entry *entries, const fb_vector *list, uint16_t step, int use,
                    tinyops_error *e) {
    /* What using a constant as `use` is: allowed (reason NONE) or which error. */
    static const uint8_t const_reason[4] = {TINYOPS_REASON_CONSTANT_GRAPH_INPUT, TINYOPS_REASON_NONE,
                                            TINYOPS_REASON_CONSTANT_OUTPUT, TINYOPS_REASON_CONSTANT_GRAPH_OUTPUT};
    uint32_t j;
    for (j = 0; j < list->count; j++) {
        const int32_t index = fb_vec_i32(&m->fb, list, j);
        tinyops_status status = TINYOPS_ERR_MODEL_INVALID;
        tinyops_reason reason = TINYOPS_REASON_NONE;
        tq_plan_entry *entry;
        tm_tensor t;
        if (use == USE_READ && index == -1) continue; /* absent optional input */
        if (!tm_tensor_at(m, index, &t, e)) return 0; /* also checks the index */
        entry = &entries[index];
        if (t.is_const) {
            reason = (tinyops_reason)const_reason[use];
            if (use == USE_GRAPH_OUTPUT) status = TINYOPS_ERR_UNSUPPORTED;
        } else if (t.elem_size == 0 || t.elem_size > 4) { /* sized activations: bytes > 0 below */
            status = TINYOPS_ERR_UNSUPPORTED;
            reason = TINYOPS_REASON_TYPE;
        } else {
            entry->bytes = t.bytes;
            entry->align = (uint8_t)t.elem_size;
            if (use == USE_WRITE ? (entry->flags & TQ_PLAN_GRAPH_INPUT) != 0
                                 : use != USE_GRAPH_INPUT && (entry->flags & TQ_PLAN_WRITTEN) == 0) {
                reason = use == USE_WRITE ? TINYOPS_REASON_INPUT_WRITTEN : TINYOPS_REASON_UNWRITTEN_INPUT;
            } else {
                if (use == USE_WRITE) entry->flags |= (uint8_t)((entry->flags & TQ_PLAN_WRITTEN) << 1) | TQ_PLAN_WRITTEN;
                if (use == USE_GRAPH_INPUT) entry->flags |= TQ_PLAN_WRITTEN | TQ_PLAN_GRAPH_INPUT;
                if (entry->first > step) entry->first = step;
                if (entry->last < step) entry->last = step;
            }
        }
        if (reason != TINYOPS_REASON_NONE) {
            e->tensor_index = index;
            return tq_fail(e, status, reason);
        }
    }
    return 1;
}

/* Graph inputs (step 0), then every operator in order, then graph outputs (step
 * op_count + 1). A failure inside an operator's step names the operator. */
static int collect(tm_model *m, tq_plan_entry *entries, tinyops_error *e) {
    uint32_t i;
    for (i = 0; i < m->tensors.count; i++) {
        tq_plan_entry *entry = &entries[i];
        entry->bytes = 0;
        entry->offset = 0;
        entry->first = 0xFFFFu;
        entry->last = 0;
        entry->root = (uint16_t)i;
        entry->align = 1;
        entry->flags = 0;
    }
    if (!use_list(m, entries, &m->inputs, 0, USE_GRAPH_INPUT, e)) return 0;
    for (i = 0; i < m->operators.count; i++) {
        tm_op op;
        if (!tm_op_at(m, i, &op, e) || !use_list(m, entries, &op.inputs, (uint16_t)(i + 1u), USE_READ, e) ||
            !use_list(m, entries, &op.outputs, (uint16_t)(i + 1u), USE_WRITE, e)) {
            e->op_index = (int32_t)i;
            return 0;
        }
    }
    return use_list(m, entries, &m->outputs, (uint16_t)(i + 1u), USE_GRAPH_OUTPUT, e);
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
        if (entries[i].bytes == 0) continue;
        if (root->first > entries[i].first) root->first = entries[i].first;
        if (root->last < entries[i].last) root->last = entries[i].last;
        if (root->align < entries[i].align) root->align = entries[i].align;
    }
    return 1;
}

/* Greedy placement: the largest unplaced root first (the earlier first use on a tie), at
 * the lowest offset clear of every placed root live at the same time. That offset is 0 or
 * the aligned end of such a root: starting from 0, each conflicting root moves the offset
 * past its end (no aligned offset before that end can clear it), until none conflicts. */
static int place(tq_plan_entry *entries, uint32_t count, uint32_t *activation_bytes, tinyops_error *e) {
    uint32_t end = 0;
    for (;;) {
        uint32_t i, offset = 0, pick = count;
        tq_plan_entry *t;
        for (i = 0; i < count; i++) {
            const tq_plan_entry *c = &entries[i];
            if (c->root != i || c->bytes == 0 || (c->flags & TQ_PLAN_PLACED) != 0) continue;
            if (pick == count || c->bytes > entries[pick].bytes ||
                (c->bytes == entries[pick].bytes && c->first < entries[pick].first))
                pick = i;
        }
        if (pick == count) break;
        t = &entries[pick];
        /* Offsets stay below 2^31 + 4 and sizes below 2^31: no sum wraps. */
        for (i = 0; i < count; i++) {
            const tq_plan_entry *q = &entries[i];
            const uint32_t q_end = q->offset + q->bytes;
            if ((q->flags & TQ_PLAN_PLACED) != 0 && q->first <= t->last && t->first <= q->last && offset < q_end &&
                q->offset < offset + t->bytes) {
                offset = (q_end + t->align - 1u) / t->align * t->align;
                i = (uint32_t)-1; /* look at every placed root again */
            }
        }
        t->offset = offset;
        t->flags |= TQ_PLAN_PLACED;
        offset += t->bytes;
        if (offset > 0x7FFFFFFFu) return tq_fail(e, TINYOPS_ERR_LIMIT, TINYOPS_REASON_ARENA_OVERFLOW);
        if (offset > end) end = offset;
    }
    *activation_bytes = end;
    return 1;
}

int tq_plan_tensors(tm_model *m, tq_plan_entry *entries, uint32_t *activation_bytes, tinyops_error *e) {
    return collect(m, entries, e) && alias(m, entries, e) &&
           place(entries, m->tensors.count, activation_bytes, e);
}
