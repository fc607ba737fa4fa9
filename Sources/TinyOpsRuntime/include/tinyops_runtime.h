/* TinyOpsRuntime: a C99 int8 interpreter for .tflite models.
 *
 * The same sources compile on the host (the SwiftPM C target behind `tinyops predict`)
 * and for Cortex-M. Outputs are bit-identical with TFLite Micro's reference kernels.
 *
 * Properties
 * - No malloc, no global mutable state, no libc beyond <stdint.h>, <stddef.h>, <string.h>.
 * - The model stays where it is (flash): it is read through bounds-checked FlatBuffer
 *   accessors. A corrupt or truncated blob makes tinyops_init return an error; no byte
 *   outside [model, model + model_len) is ever read.
 * - Everything the interpreter needs at run time lives in one caller-provided arena:
 *   prepared operator records (fixed-point multipliers, shapes) followed by the
 *   activation tensors, which a greedy planner places by lifetime.
 * - The arena layout uses only fixed-width fields (no pointers), so the arena size is the
 *   same on a 64-bit host and on a 32-bit microcontroller: tinyops_plan on the host
 *   gives the exact figure the device needs.
 * - Invoke does no floating point for int8 operators; multipliers are computed from the
 *   float scales during init, as TFLite Micro does in Prepare. QUANTIZE (float -> int8)
 *   and DEQUANTIZE (int8 -> float) necessarily use float arithmetic.
 *
 * Typical use
 *
 *     static uint8_t arena[4096];          // size from `tinyops check` or tinyops_plan
 *     tinyops_interpreter it;
 *     if (tinyops_init(&it, model, model_len, arena, sizeof arena) != TINYOPS_OK) {
 *         char msg[160];
 *         tinyops_error_message(tinyops_last_error(&it), msg, sizeof msg);
 *         ...
 *     }
 *     int8_t *x = (int8_t *)tinyops_input_data(&it, 0);   // fill the input
 *     tinyops_invoke(&it);
 *     const int8_t *y = (const int8_t *)tinyops_output_data(&it, 0);
 *
 * Limits: subgraph 0 only; tensors of rank <= TINYOPS_MAX_DIMS; at most 65535 tensors and
 * 65000 operators; model size < 2 GiB; little-endian IEEE-754 targets.
 */
#ifndef TINYOPS_RUNTIME_H
#define TINYOPS_RUNTIME_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TINYOPS_RUNTIME_VERSION_MAJOR 0
#define TINYOPS_RUNTIME_VERSION_MINOR 5
#define TINYOPS_RUNTIME_VERSION_PATCH 0

/* Runtime version packed as (major << 16) | (minor << 8) | patch. */
uint32_t tinyops_runtime_version(void);

/* Largest tensor rank the runtime handles. */
#define TINYOPS_MAX_DIMS 6

/* Alignment the arena should have. A less aligned arena still works: init skips up to
 * TINYOPS_ARENA_ALIGNMENT - 1 leading bytes and counts them in tinyops_arena_used. */
#define TINYOPS_ARENA_ALIGNMENT 4

/* Result of every call. */
typedef enum tinyops_status {
    TINYOPS_OK = 0,
    TINYOPS_ERR_ARGUMENT = 1,       /* NULL pointer, bad index, interpreter not initialised */
    TINYOPS_ERR_MODEL_CORRUPT = 2,  /* FlatBuffer structure out of bounds or malformed */
    TINYOPS_ERR_MODEL_INVALID = 3,  /* well-formed FlatBuffer, inconsistent model */
    TINYOPS_ERR_UNSUPPORTED_OP = 4, /* operator the runtime does not implement */
    TINYOPS_ERR_UNSUPPORTED = 5,    /* supported operator, unsupported types/parameters */
    TINYOPS_ERR_LIMIT = 6,          /* model exceeds a runtime limit (rank, counts, size) */
    TINYOPS_ERR_ARENA_TOO_SMALL = 7,
    TINYOPS_ERR_WORK_TOO_SMALL = 8, /* tinyops_plan needs a larger work buffer */
    TINYOPS_ERR_MISALIGNED = 9      /* constant data not aligned for its type */
} tinyops_status;

/* Finer reason for an error: one list, so codes and messages cannot drift apart. */
#define TINYOPS_REASONS(X)                                                              \
    X(NONE, "no further detail")                                                        \
    X(NULL_ARGUMENT, "a required pointer argument is NULL")                             \
    X(NOT_INITIALIZED, "the interpreter is not initialised")                            \
    X(BAD_INDEX, "index out of range")                                                  \
    X(TOO_SMALL_FOR_HEADER, "file too small for a FlatBuffer header")                   \
    X(NOT_TFLITE, "no TFL3 file identifier: not a .tflite model")                       \
    X(BIG_ENDIAN_HOST, "big-endian targets are not supported")                          \
    X(OUT_OF_BOUNDS, "FlatBuffer offset points outside the file")                       \
    X(BAD_VTABLE, "malformed FlatBuffer vtable")                                        \
    X(BAD_VECTOR, "FlatBuffer vector extends past the end of the file")                 \
    X(BAD_STRING, "malformed FlatBuffer string")                                        \
    X(SCHEMA_VERSION, "unsupported TFLite schema version (need 3)")                     \
    X(NO_SUBGRAPH, "model has no subgraph")                                             \
    X(BAD_TENSOR_INDEX, "tensor index out of range")                                    \
    X(BAD_BUFFER_INDEX, "buffer index out of range")                                    \
    X(BAD_OPCODE_INDEX, "operator code index out of range")                             \
    X(BUFFER_SIZE, "constant tensor data does not match its shape")                     \
    X(NEGATIVE_DIM, "tensor has a negative dimension")                                  \
    X(ZERO_SIZED, "zero-sized tensors are not supported")                               \
    X(RANK, "tensor rank exceeds TINYOPS_MAX_DIMS")                                     \
    X(TENSOR_TOO_LARGE, "tensor too large")                                             \
    X(TOO_MANY_TENSORS, "more than 65535 tensors")                                      \
    X(TOO_MANY_OPS, "more than 65000 operators")                                        \
    X(MODEL_TOO_LARGE, "model larger than 2 GiB")                                       \
    X(ARENA_OVERFLOW, "arena layout exceeds 4 GiB")                                     \
    X(VARIABLE_TENSOR, "variable (stateful) tensors are not supported")                 \
    X(SPARSE_TENSOR, "sparse tensors are not supported")                                \
    X(CONSTANT_OUTPUT, "operator writes a constant tensor")                             \
    X(INPUT_WRITTEN, "operator writes a graph input")                                   \
    X(UNWRITTEN_INPUT, "operator reads a tensor nothing has written")                   \
    X(CONSTANT_GRAPH_INPUT, "graph input is a constant tensor")                         \
    X(CONSTANT_GRAPH_OUTPUT, "graph output is a constant tensor")                       \
    X(INPUT_COUNT, "wrong number of operator inputs")                                   \
    X(OUTPUT_COUNT, "wrong number of operator outputs")                                 \
    X(MISSING_TENSOR, "required operator input is missing")                             \
    X(TYPE, "tensor type not supported by this operator")                               \
    X(TYPE_MISMATCH, "operator tensor types do not match")                              \
    X(FLOAT_MODEL, "float32 operator: float models need the float interpreter")         \
    X(NOT_QUANTIZED, "int8 tensor has no valid quantization (scale > 0, zero point)")   \
    X(ZERO_POINT, "zero point outside the int8 range")                                  \
    X(WEIGHT_ZERO_POINT, "per-channel weights must have zero point 0")                  \
    X(QUANT_MISMATCH, "input and output quantization must be equal")                    \
    X(PER_CHANNEL, "per-channel scale count or axis does not match the weights")        \
    X(MULTIPLIER_RANGE, "requantization multiplier outside the supported range")        \
    X(BIAS_SCALE, "bias scale differs from input scale x weight scale")                 \
    X(SHAPE, "tensor shapes are inconsistent for this operator")                        \
    X(OUTPUT_SHAPE, "output shape does not match the operator's parameters")            \
    X(BROADCAST, "shapes cannot be broadcast together")                                 \
    X(PARAMETER, "operator parameter out of range")                                     \
    X(PADDING, "unknown padding type")                                                  \
    X(ACTIVATION, "fused activation not supported")                                     \
    X(AXIS, "axis out of range")                                                        \
    X(NOT_CONSTANT, "parameter tensor must be constant")                                \
    X(WEIGHTS_FORMAT, "shuffled fully-connected weights are not supported")             \
    X(SOFTMAX_OUTPUT, "int8 softmax output needs scale 1/256 and zero point -128")      \
    X(LOGISTIC_OUTPUT, "int8 logistic output needs zero point -128")                    \
    X(EMPTY_WINDOW, "pooling window lies entirely in the padding")                      \
    X(INDEX_RANGE, "operator geometry overflows 32-bit indexing")                       \
    X(ARENA_SIZE, "arena too small for this model")                                     \
    X(WORK_SIZE, "work buffer too small for planning")                                  \
    X(CONSTANT_ALIGNMENT, "constant int32/float data is not 4-byte aligned")            \
    X(OPERATOR, "operator not implemented by TinyOpsRuntime")                           \
    X(SHAPE_INT64, "int64 shape output (out_type) not supported, only int32")           \
    X(SLICE_MASK, "ellipsis_mask, new_axis_mask and offset are not supported")          \
    X(SLICE_RANK, "slices of more than 4 dimensions are not supported")                 \
    X(SLICE_SHRINK, "shrink_axis_mask on an empty slice (begin outside the axis, or stride < 0)") \
    X(OPERATOR_EXCLUDED, "operator left out of this build by tinyops_config.h")         \
    X(BLOB_MAGIC, "not a tinyops model blob (no TOBL magic)")                           \
    X(BLOB_VERSION, "unsupported model blob format version")                            \
    X(BLOB_HEADER, "malformed model blob header")                                       \
    X(BLOB_LENGTH, "model blob is shorter than its header says")                        \
    X(BLOB_HASH, "model blob sha256 does not match its contents")                       \
    X(INPUT_SIZE, "value count does not match the input tensor")                        \
    X(PATCH_MAGIC, "not a tinyops model patch (no TOPD magic)")                         \
    X(PATCH_VERSION, "unsupported model patch format version")                          \
    X(PATCH_HEADER, "malformed model patch header")                                     \
    X(PATCH_BASE, "the patch is for another model (old model length or sha256 differs)") \
    X(PATCH_CAPACITY, "output buffer too small for the patched model")                  \
    X(PATCH_OVERLAP, "output buffer overlaps the old model")                            \
    X(PATCH_OP, "malformed model patch operation")                                      \
    X(PATCH_RANGE, "model patch reads or writes outside the models")                    \
    X(PATCH_TRUNCATED, "model patch ends before its end marker")                        \
    X(PATCH_TRAILING, "bytes after the end marker of the model patch")                  \
    X(PATCH_HASH, "patched model sha256 does not match the patch")                      \
    X(PATCH_STATE, "patch already failed or finished")                                  \
    X(TELEMETRY_OUTPUT, "output is not int8 or float32, or has no elements")              \
    X(PACKAGE_MAGIC, "not a tinyops update package (no TPK1 magic)")                    \
    X(PACKAGE_VERSION, "unsupported update package format version or signature algorithm") \
    X(PACKAGE_HEADER, "malformed update package header")                                \
    X(PACKAGE_LENGTH, "update package length differs from its header (truncated or extended)") \
    X(PACKAGE_SIGNATURE, "update package signature does not match this key (modified, or signed by another key)") \
    X(PREPARED_MAGIC, "not a tinyops prepared image (no TOPR magic)")                   \
    X(PREPARED_VERSION, "prepared image made by another runtime version (record layout differs)") \
    X(PREPARED_HEADER, "malformed prepared image (lengths or offsets inconsistent)")    \
    X(PREPARED_CRC, "prepared image CRC-32 does not match its contents")               \
    X(PREPARED_MODEL, "prepared image belongs to another model (length or CRC-32 differs)")

#define TINYOPS_REASON_ENUM_(name, text) TINYOPS_REASON_##name,
typedef enum tinyops_reason { TINYOPS_REASONS(TINYOPS_REASON_ENUM_) TINYOPS_REASON_COUNT_ } tinyops_reason;
#undef TINYOPS_REASON_ENUM_

/* What went wrong, where. Fields that do not apply are -1. */
typedef struct tinyops_error {
    tinyops_status status;
    tinyops_reason reason;
    int32_t op_index;      /* operator in execution order */
    int32_t opcode;        /* builtin operator code of that operator */
    int32_t tensor_index;  /* tensor concerned */
    int32_t offset;        /* byte offset in the model of a structural problem */
    uint64_t needed;       /* bytes needed: exact for WORK_TOO_SMALL; for ARENA_TOO_SMALL
                              exact once the arena holds the records and the planner's
                              working set, else a lower bound (tinyops_plan is exact) */
} tinyops_error;

/* Tensor element types: the values of TFLite's `enum TensorType`. */
typedef enum tinyops_dtype {
    TINYOPS_FLOAT32 = 0,
    TINYOPS_INT32 = 2,
    TINYOPS_UINT8 = 3,
    TINYOPS_INT64 = 4,
    TINYOPS_BOOL = 6,
    TINYOPS_INT16 = 7,
    TINYOPS_INT8 = 9
} tinyops_dtype;

/* A graph input or output. `data` points into the arena. */
typedef struct tinyops_tensor_info {
    void *data;
    size_t bytes;
    int32_t type;         /* tinyops_dtype value */
    int32_t rank;
    int32_t dims[TINYOPS_MAX_DIMS];
    float scale;          /* 0 when the tensor is not quantized */
    int32_t zero_point;
    int32_t tensor_index; /* index in subgraph 0 */
} tinyops_tensor_info;

/* The interpreter. Allocate it anywhere (static, stack); its fields are private. There is
 * no global state: interpreters are independent (one per thread), and several may share
 * one model. */
typedef struct tinyops_interpreter {
    const uint8_t *model_;
    uint32_t model_len_;
    const uint8_t *base_;    /* record region: the aligned arena start, or a prepared image */
    uint8_t *activations_;   /* activation region */
    const uint8_t *io_info_; /* graph I/O descriptors of a prepared image, else NULL */
    /* Describes a graph input or output: from the model, or from a prepared image. Set by
     * init, so a firmware that never calls tinyops_init links no model reader. */
    tinyops_status (*describe_)(const struct tinyops_interpreter *it, int is_output, size_t index,
                                tinyops_tensor_info *info);
    size_t used_;
    uint32_t ops_;         /* offset of the operator table from base_ */
    uint32_t io_;          /* offset of the graph input/output references from base_ */
    uint32_t op_count_;
    uint32_t input_count_;
    uint32_t output_count_;
    uint32_t activation_bytes_;
    uint32_t ready_;
    tinyops_error error_;
} tinyops_interpreter;

/* Sizes that tinyops_plan computes. All figures are exact for the calling target and
 * identical on 32-bit and 64-bit targets. */
typedef struct tinyops_plan_info {
    size_t arena_bytes;      /* what tinyops_init needs (aligned arena) */
    size_t record_bytes;     /* prepared operator records, op table, I/O references */
    size_t activation_bytes; /* activation tensors after lifetime planning */
    size_t planner_bytes;    /* planner working set (reuses the activation region) */
    size_t work_bytes;       /* work buffer tinyops_plan needs */
    uint32_t operator_count;
    uint32_t tensor_count;
} tinyops_plan_info;

/* Verifies the model, prepares every operator and places the tensors in `arena`.
 * `model` must stay valid (and unchanged) while the interpreter is used. Constant int32
 * and float data in the model must be 4-byte aligned in memory (the TFLite converter and
 * tinyops align buffers to 16 bytes; keep the model array 16-byte aligned). On error the
 * interpreter is unusable and tinyops_last_error says why. */
tinyops_status tinyops_init(tinyops_interpreter *it, const uint8_t *model, size_t model_len,
                            uint8_t *arena, size_t arena_len);

/* Runs the graph once on the current inputs. Int8 kernels use integer arithmetic only.
 * Write every input before each call: like TFLM's arena, an input's memory is reused once
 * the graph has consumed it. Outputs stay valid until the next call. Returns
 * TINYOPS_ERR_ARGUMENT when `it` is not initialised; nothing else can fail at invoke. */
tinyops_status tinyops_invoke(tinyops_interpreter *it);

/* Arena bytes the interpreter uses: from `arena` (including leading alignment bytes) to
 * the end of the last record or activation. Equals tinyops_plan's arena_bytes for an
 * aligned arena. 0 if not initialised. */
size_t tinyops_arena_used(const tinyops_interpreter *it);

/* Computes the arena size tinyops_init needs, without an arena and without running the
 * model. Planning needs scratch memory: pass `work` (any alignment) of `work_len` bytes.
 * Call with work = NULL, work_len = 0 to learn info->work_bytes (the call then returns
 * TINYOPS_ERR_WORK_TOO_SMALL with info filled except arena/activation figures, or
 * TINYOPS_OK for a model without tensors), or pass at least 16 bytes per tensor plus 3.
 * Errors are the ones tinyops_init would report. `error` may be NULL. */
tinyops_status tinyops_plan(const uint8_t *model, size_t model_len, void *work, size_t work_len,
                            tinyops_plan_info *info, tinyops_error *error);

/* The error of the last failed call on `it` (status TINYOPS_OK if none). */
const tinyops_error *tinyops_last_error(const tinyops_interpreter *it);

size_t tinyops_input_count(const tinyops_interpreter *it);
size_t tinyops_output_count(const tinyops_interpreter *it);

/* Describes graph input/output `index` (shape, type, quantization, data pointer). */
tinyops_status tinyops_input(const tinyops_interpreter *it, size_t index, tinyops_tensor_info *info);
tinyops_status tinyops_output(const tinyops_interpreter *it, size_t index, tinyops_tensor_info *info);

/* Shortcuts: the data of graph input/output `index`, or NULL. */
void *tinyops_input_data(const tinyops_interpreter *it, size_t index);
const void *tinyops_output_data(const tinyops_interpreter *it, size_t index);

/* Writes `count` raw float values into graph input `index` the way tinyops feeds a model
 * (`tinyops eval`, `predict`): each value is first normalized, x = (v - mean[c]) / std[c] with
 * c = i % channels (skipped when mean or std is NULL, e.g. <name>_NORM_MEAN/_STD from the
 * generated model header), then stored as float for a float32 input, or quantized for an
 * int8 input as clamp(round(x / scale) + zero_point, -128, 127), rounding half away from
 * zero (TFLite's QUANTIZE). `count` must be the input's element count: else
 * TINYOPS_ERR_ARGUMENT (INPUT_SIZE), as for another input type (TYPE) or a bad index.
 * Uses float arithmetic (soft-float on cores without an FPU). */
tinyops_status tinyops_set_input_f32(tinyops_interpreter *it, size_t index, const float *values, size_t count,
                                     const float *mean, const float *std, size_t channels);

/* Reads graph output `index` as `count` floats: (q - zero_point) * scale for int8, a copy for
 * float32. Errors as tinyops_set_input_f32. */
tinyops_status tinyops_get_output_f32(tinyops_interpreter *it, size_t index, float *values, size_t count);

/* Names for messages. Built with -DTINYOPS_NO_ERROR_TEXT the reason texts and operator
 * names are left out (about 5 KB less flash on Cortex-M): reason texts are then "" and
 * operator names "UNKNOWN", and messages show the numeric reason. */
const char *tinyops_status_name(tinyops_status status);
const char *tinyops_reason_text(tinyops_reason reason);
/* Builtin operator name ("CONV_2D"); "UNKNOWN" for codes the table does not know. */
const char *tinyops_op_name(int32_t builtin_code);
/* Whether the runtime implements builtin operator `builtin_code` (for int8 models). */
int tinyops_op_supported(int32_t builtin_code);

/* Writes a one-line message for `error` into `buffer` (always NUL-terminated when
 * `size` > 0), e.g. "operator 1 (TOPK_V2, code 48): unsupported operator: operator not
 * implemented by TinyOpsRuntime". Returns the length the full message has (like snprintf). */
size_t tinyops_error_message(const tinyops_error *error, char *buffer, size_t size);

#ifdef __cplusplus
}
#endif

#endif /* TINYOPS_RUNTIME_H */
