/* Tensor lifetimes and greedy placement of activations (like TFLM's GreedyMemoryPlanner:
 * largest buffer first, each at the lowest offset that does not overlap a placed buffer
 * whose lifetime overlaps its own). */
#ifndef TINYOPS_PLANNER_H
#define TINYOPS_PLANNER_H

#include "tinyops_internal.h"

/* Bytes of planner entries for `tensor_count` tensors. */
uint32_t tq_planner_bytes(uint32_t tensor_count);

/* Fills `entries` (one per tensor of subgraph 0) with sizes, lifetimes and aliases, checks
 * the data flow (no operator writes a constant or a graph input, nothing is read before it
 * is written), then places the tensors. *activation_bytes receives the region size. */
int tq_plan_tensors(tm_model *m, tq_plan_entry *entries, uint32_t *activation_bytes, tinyops_error *e);

#endif /* TINYOPS_PLANNER_H */
