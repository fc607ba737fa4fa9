/* Float views of the graph inputs and outputs: normalization and int8 quantization as
 * tinyops applies them on the host (ModelRunner, QuantizationMath.quantize). */
#include <string.h>

#include "errors.h"

/* roundf without libm: half away from zero. Exact: for |x| < 2^23, x - trunc(x) is exact. */
static float round_half_away(float x) {
    int32_t t;
    float frac;
    if (!(x > -8388608.0f && x < 8388608.0f)) return x; /* already integral (or NaN) */
    t = (int32_t)x;
    frac = x - (float)t;
    if (frac >= 0.5f) t += 1;
    else if (frac <= -0.5f) t -= 1;
    return (float)t;
}

static tinyops_status io_fail(tinyops_interpreter *it, tinyops_reason reason) {
    tq_error_reset(&it->error_);
    tq_fail(&it->error_, TINYOPS_ERR_ARGUMENT, reason);
    return TINYOPS_ERR_ARGUMENT;
}

/* The tensor behind input or output `index`, with its element count. */
static tinyops_status view(tinyops_interpreter *it, int is_output, size_t index, size_t count,
                           tinyops_tensor_info *info) {
    size_t elements = 1;
    int32_t d;
    tinyops_status status;
    if (it == NULL) return TINYOPS_ERR_ARGUMENT;
    status = is_output ? tinyops_output(it, index, info) : tinyops_input(it, index, info);
    if (status != TINYOPS_OK) return io_fail(it, TINYOPS_REASON_BAD_INDEX);
    if (info->type != TINYOPS_INT8 && info->type != TINYOPS_FLOAT32) return io_fail(it, TINYOPS_REASON_TYPE);
    for (d = 0; d < info->rank; d++) elements *= (size_t)info->dims[d];
    if (count != elements) return io_fail(it, TINYOPS_REASON_INPUT_SIZE);
    return TINYOPS_OK;
}

tinyops_status tinyops_set_input_f32(tinyops_interpreter *it, size_t index, const float *values, size_t count,
                                     const float *mean, const float *std, size_t channels) {
    tinyops_tensor_info info;
    size_t i, c = 0;
    const int normalize = mean != NULL && std != NULL && channels > 0;
    tinyops_status status = view(it, 0, index, count, &info);
    if (status != TINYOPS_OK) return status;
    if (values == NULL && count > 0) return io_fail(it, TINYOPS_REASON_NULL_ARGUMENT);
    for (i = 0; i < count; i++) {
        float x = values[i];
        if (normalize) {
            x = (x - mean[c]) / std[c];
            if (++c == channels) c = 0;
        }
        if (info.type == TINYOPS_FLOAT32) {
            memcpy((uint8_t *)info.data + 4 * i, &x, 4);
        } else {
            float q = round_half_away(x / info.scale) + (float)info.zero_point;
            q = q < -128.0f ? -128.0f : q;
            q = q > 127.0f ? 127.0f : q;
            ((int8_t *)info.data)[i] = (int8_t)q;
        }
    }
    return TINYOPS_OK;
}

tinyops_status tinyops_get_output_f32(tinyops_interpreter *it, size_t index, float *values, size_t count) {
    tinyops_tensor_info info;
    size_t i;
    tinyops_status status = view(it, 1, index, count, &info);
    if (status != TINYOPS_OK) return status;
    if (values == NULL && count > 0) return io_fail(it, TINYOPS_REASON_NULL_ARGUMENT);
    for (i = 0; i < count; i++) {
        if (info.type == TINYOPS_FLOAT32) {
            memcpy(&values[i], (const uint8_t *)info.data + 4 * i, 4);
        } else {
            const int32_t q = ((const int8_t *)info.data)[i];
            values[i] = ((float)q - (float)info.zero_point) * info.scale;
        }
    }
    return TINYOPS_OK;
}
