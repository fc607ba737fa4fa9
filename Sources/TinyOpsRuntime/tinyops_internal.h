/* Internal interfaces of TinyOpsRuntime: tensor references, the planner's per-tensor
 * entries, the prepare context kernels fill their records through, and the kernel table.
 *
 * Arena layout (offsets from the aligned arena start, all fields fixed-width):
 *   [op table: op_count x tq_op_entry][I/O refs: (inputs + outputs) x uint32]
 *   [operator records, 4-byte aligned][activations (planned)]
 * During init the planner's entries temporarily occupy the activation region. */
#ifndef TINYOPS_INTERNAL_H
#define TINYOPS_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "errors.h"
#include "model_view.h"
#include "scale.h"

/* tinyops_interpreter.ready_ once init succeeded. */
#define TQ_READY 0x54514F50u /* "POQT" */

/* Version of the record region's layout (operator table, I/O references, every kernel's
 * record struct, enum tq_kernel). Prepared images carry it: bump it whenever any of those
 * changes, so a device refuses an image made by a runtime with another layout. */
#define TQ_RECORD_LAYOUT_VERSION 1u

/* Where a tensor's data lives: an offset into the activation region, or (top bit set)
 * into the model. */
typedef uint32_t tq_ref;
#define TQ_REF_NONE 0xFFFFFFFFu
#define TQ_REF_MODEL 0x80000000u

typedef struct tq_exec {
    const uint8_t *model;
    uint8_t *activations;
} tq_exec;

static inline const void *tq_in(const tq_exec *x, tq_ref r) {
    return (r & TQ_REF_MODEL) != 0 ? (const void *)(x->model + (r & ~TQ_REF_MODEL))
                                   : (const void *)(x->activations + r);
}

static inline void *tq_out(const tq_exec *x, tq_ref r) { return x->activations + r; }

/* Keeps a helper out of line where inlining it into its one caller only adds code. */
#if defined(__GNUC__)
#define TQ_NOINLINE __attribute__((noinline))
#else
#define TQ_NOINLINE
#endif

/* TFLM's clamp order: max with the lower bound first, then min with the upper. */
static inline int32_t tq_clamp(int32_t v, int32_t lo, int32_t hi) {
    v = v < lo ? lo : v;
    return v > hi ? hi : v;
}

/* One operator: which kernel evaluates it and where its record is (from arena start). */
typedef struct tq_op_entry {
    uint16_t kernel;
    uint16_t reserved;
    uint32_t record;
} tq_op_entry;

/* The planner's view of one tensor of subgraph 0 (16 bytes, fixed layout). */
typedef struct tq_plan_entry {
    uint32_t bytes;  /* 0: not stored in the arena */
    uint32_t offset; /* in the activation region, once placed */
    uint16_t first;  /* first step it is live: 0 = before op 0, op i = step i + 1 */
    uint16_t last;   /* last step it is live: op_count + 1 = after the last op */
    uint16_t root;   /* tensor whose storage it shares (itself unless aliased) */
    uint8_t align;
    uint8_t flags;
} tq_plan_entry;

enum {
    TQ_PLAN_WRITTEN = 1,
    TQ_PLAN_MULTI_WRITTEN = 2,
    TQ_PLAN_GRAPH_INPUT = 4,
    TQ_PLAN_PLACED = 8
};

/* Kernels: prepare validates one operator and writes its record; eval runs it. */
typedef enum tq_kernel {
    TQ_K_NOP,
    TQ_K_COPY,
    TQ_K_FULLY_CONNECTED,
    TQ_K_CONV_2D,
    TQ_K_DEPTHWISE_CONV_2D,
    TQ_K_AVERAGE_POOL_2D,
    TQ_K_MAX_POOL_2D,
    TQ_K_MEAN,
    TQ_K_ADD,
    TQ_K_MUL,
    TQ_K_SOFTMAX,
    TQ_K_LOGISTIC,
    TQ_K_RELU,
    TQ_K_RELU6,
    TQ_K_PAD,
    TQ_K_CONCATENATION,
    TQ_K_QUANTIZE,
    TQ_K_REQUANTIZE,
    TQ_K_DEQUANTIZE,
    TQ_K_SHAPE,
    TQ_K_STRIDED_SLICE,
    TQ_K_PACK,
    TQ_K_COUNT_
} tq_kernel;

typedef struct tq_prep {
    tm_model *m;
    tinyops_error *e;
    tm_op op;
    uint32_t op_index;
    uint8_t *base;                /* NULL while measuring */
    uint32_t used;                /* bytes allocated from the arena start */
    const tq_plan_entry *plan;    /* NULL while measuring */
    const uint8_t *model_memory;  /* for alignment checks of constant data */
    tq_kernel kernel;             /* set by prepare */
} tq_prep;

typedef int (*tq_prepare_fn)(tq_prep *p);
typedef void (*tq_eval_fn)(const tq_exec *x, const void *record);

/* Prepare function for a builtin operator code, or NULL if unsupported. */
tq_prepare_fn tq_prepare_for(int32_t builtin_code);
/* Eval function of a kernel. */
tq_eval_fn tq_eval_for(tq_kernel kernel);
/* Whether `kernel` is a kernel of this build (not left out by tinyops_config.h). */
int tq_kernel_linked(uint32_t kernel);
/* Whether TinyOpsRuntime implements `builtin_code` but tinyops_config.h left it out. */
int tq_op_excluded(int32_t builtin_code);
/* Whether the planner lets the output of `builtin_code` share its input's storage. */
int tq_op_aliases(int32_t builtin_code);

/* ---- helpers for prepare functions (prep.c) ---- */

/* Fails the current operator: sets op index and code, clears the tensor. Returns 0. */
int tq_op_fail(tq_prep *p, tinyops_status status, tinyops_reason reason);
/* Fails about tensor `t` of the current operator. Returns 0. */
int tq_tensor_fail(tq_prep *p, const tm_tensor *t, tinyops_status status, tinyops_reason reason);

/* Checks the operator's input and output counts. */
int tq_counts(tq_prep *p, uint32_t min_inputs, uint32_t max_inputs, uint32_t outputs);
/* Number of inputs of the current operator. */
uint32_t tq_input_count(const tq_prep *p);
/* Input `slot` (must be present), optional input (*present = 0 if absent), output. */
int tq_input(tq_prep *p, uint32_t slot, tm_tensor *t);
int tq_optional_input(tq_prep *p, uint32_t slot, tm_tensor *t, int *present);
int tq_output(tq_prep *p, uint32_t slot, tm_tensor *t);

/* The usual operator shape in one call: tq_counts(min_inputs, max_inputs, 1), inputs
 * 0 .. loaded - 1 into t[0 ..] (inputs from min_inputs on are optional; an absent one gets
 * index -1), then output 0 into t[loaded]. */
int tq_tensors(tq_prep *p, uint32_t min_inputs, uint32_t max_inputs, uint32_t loaded, tm_tensor *t);

/* Reference to the tensor's data (0 while measuring for activations). */
tq_ref tq_ref_of(const tq_prep *p, const tm_tensor *t);
/* Whether the planner gave `a` and `b` the same storage (always 0 while measuring). */
int tq_same_storage(const tq_prep *p, const tm_tensor *a, const tm_tensor *b);

/* Allocates `bytes` (rounded up to 4) of record; *out = NULL while measuring. */
int tq_alloc(tq_prep *p, uint32_t bytes, void **out);

/* Allocates the operator's record: `size` bytes copied from `record` (when writing), then
 * `extra` bytes the caller fills through *tail (NULL while measuring); sets the kernel. */
int tq_record(tq_prep *p, tq_kernel kernel, const void *record, uint32_t size, uint32_t extra, void **tail);

/* tq_record for a record that starts with `tq_ref input, output`: fills those from `in` and
 * `out` first, and no extra bytes. */
int tq_record_io(tq_prep *p, tq_kernel kernel, void *record, uint32_t size, const tm_tensor *in, const tm_tensor *out);

/* Type checks. tq_int8 also requires valid per-tensor-style quantization. */
int tq_type(tq_prep *p, const tm_tensor *t, int32_t type);
int tq_int8(tq_prep *p, const tm_tensor *t);
int tq_same_quantization(tq_prep *p, const tm_tensor *a, const tm_tensor *b);
/* Constant int32/float data must be 4-byte aligned in memory. */
int tq_const_aligned(tq_prep *p, const tm_tensor *t);

/* TFLM QuantizeMultiplier of a double (scale.h) with range checks (shift within [-31, 30]). */
int tq_multiplier(tq_prep *p, const tq_real *real, int32_t *multiplier, int32_t *shift);
/* The same for (double)a * (double)b / (double)c, computed as TFLM computes it in double
 * (b = 1 for a plain ratio). */
int tq_scale_multiplier(tq_prep *p, float a, float b, float c, int32_t *multiplier, int32_t *shift);
/* TFLM CalculateActivationRangeQuantized for an int8 output. */
int tq_activation_range(tq_prep *p, int32_t activation, const tm_tensor *output, int32_t *act_min,
                        int32_t *act_max);

/* One spatial axis of a sliding window (TFLM padding.h): padding 0 = SAME, 1 = VALID.
 * Checks the output size the model declares (a tensor dimension: out >= 1) and returns
 * the leading padding. */
int tq_window(tq_prep *p, int32_t padding, int32_t in, int32_t filter, int32_t stride, int32_t dilation,
              int32_t out, int32_t *pad);

/* Per-channel requantization (PopulateConvolutionQuantizationParams): channel c uses
 * in_scale * weight_scale[c or 0] / out_scale as in double. `tail` receives int32
 * multipliers[channels] then int8 shifts[channels]; NULL while measuring. */
int tq_channel_multipliers(tq_prep *p, const tm_tensor *in, const tm_tensor *w, const tm_tensor *out,
                           int32_t channels, void *tail);
/* Weights quantized per tensor, or per channel along `axis` with `channels` scales. */
int tq_check_per_channel(tq_prep *p, const tm_tensor *w, int32_t axis, int32_t channels);

/* The options' quantized_bias_type field (conv, fully connected) names a TensorType. */
int tq_check_bias_type_option(tq_prep *p, const fb_table *options, unsigned field);

/* The end of CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED prepare. `t` holds input, filter,
 * bias (index -1 when absent) and output; `record` starts with their four references (bias
 * TQ_REF_NONE when absent), and TQ_WEIGHTED_LAYOUT names its size, where its input offset
 * and its output offset (followed by the activation minimum and maximum) are, and its
 * kernel. Fills those fields, allocates the record with `channels` per-channel multipliers
 * after it (0: none) and computes them. */
#define TQ_WEIGHTED_LAYOUT(type, input_offset, output_offset, kernel)                                    \
    ((uint32_t)sizeof(type) | (uint32_t)offsetof(type, input_offset) << 8 |                             \
     (uint32_t)offsetof(type, output_offset) << 16 | (uint32_t)(kernel) << 24)
int tq_finish_weighted(tq_prep *p, const tm_tensor *t, int32_t activation, void *record, uint32_t layout,
                       int32_t channels);

/* Same shapes (rank and dimensions). */
int tq_same_shape(const tm_tensor *a, const tm_tensor *b);

#endif /* TINYOPS_INTERNAL_H */
