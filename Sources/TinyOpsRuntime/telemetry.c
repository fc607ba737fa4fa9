/* Telemetry lines (tinyops_telemetry.h): input summary, top class, and a printf-free
 * formatter with a CRC-8. */
#include <string.h>

#include "tinyops_telemetry.h"

static void clear_summary(tinyops_telemetry_record *r) {
    memset(r->mean, 0, sizeof r->mean);
    memset(r->energy, 0, sizeof r->energy);
    r->channels = 0;
}

tinyops_status tinyops_telemetry_summarize(const tinyops_interpreter *it, size_t index,
                                           tinyops_telemetry_record *r) {
    tinyops_tensor_info info;
    size_t elements = 1, i, channels, c;
    int32_t d;
    if (r == NULL) return TINYOPS_ERR_ARGUMENT;
    clear_summary(r);
    if (it == NULL || tinyops_input(it, index, &info) != TINYOPS_OK) return TINYOPS_ERR_ARGUMENT;
    if (info.type != TINYOPS_INT8 && info.type != TINYOPS_FLOAT32) return TINYOPS_ERR_ARGUMENT;
    for (d = 0; d < info.rank; d++) elements *= (size_t)info.dims[d];
    channels = info.rank > 0 ? (size_t)info.dims[info.rank - 1] : 1;
    if (elements == 0 || channels == 0) return TINYOPS_ERR_ARGUMENT;
    if (info.type == TINYOPS_INT8) {
        /* Exact integer sums of (q - zero point) and its square, per channel. */
        int64_t sum[TINYOPS_TELEMETRY_MAX_CHANNELS], squares[TINYOPS_TELEMETRY_MAX_CHANNELS];
        const int8_t *q = (const int8_t *)info.data;
        const int32_t zero_point = info.zero_point;
        const float scale = info.scale > 0.0f ? info.scale : 1.0f;
        memset(sum, 0, sizeof sum);
        memset(squares, 0, sizeof squares);
        for (i = 0, c = 0; i < elements; i++) {
            if (c < TINYOPS_TELEMETRY_MAX_CHANNELS) {
                const int32_t v = (int32_t)q[i] - zero_point;
                sum[c] += v;
                squares[c] += (int64_t)v * v;
            }
            if (++c == channels) c = 0;
        }
        for (c = 0; c < channels && c < TINYOPS_TELEMETRY_MAX_CHANNELS; c++) {
            const float n = (float)(elements / channels);
            r->mean[c] = (float)sum[c] / n * scale;
            r->energy[c] = (float)squares[c] / n * scale * scale;
        }
    } else {
        float sum[TINYOPS_TELEMETRY_MAX_CHANNELS], squares[TINYOPS_TELEMETRY_MAX_CHANNELS];
        const uint8_t *bytes = (const uint8_t *)info.data;
        memset(sum, 0, sizeof sum);
        memset(squares, 0, sizeof squares);
        for (i = 0, c = 0; i < elements; i++) {
            if (c < TINYOPS_TELEMETRY_MAX_CHANNELS) {
                float v;
                memcpy(&v, bytes + 4 * i, 4);
                const float square = v * v; /* its own statement: no fused multiply-add */
                sum[c] += v;
                squares[c] += square;
            }
            if (++c == channels) c = 0;
        }
        for (c = 0; c < channels && c < TINYOPS_TELEMETRY_MAX_CHANNELS; c++) {
            const float n = (float)(elements / channels);
            r->mean[c] = sum[c] / n;
            r->energy[c] = squares[c] / n;
        }
    }
    r->channels = (uint32_t)(channels < TINYOPS_TELEMETRY_MAX_CHANNELS ? channels : TINYOPS_TELEMETRY_MAX_CHANNELS);
    return TINYOPS_OK;
}

tinyops_status tinyops_telemetry_classify(const tinyops_interpreter *it, size_t index,
                                          tinyops_telemetry_record *r) {
    tinyops_tensor_info info;
    size_t elements = 1, i, best = 0;
    int32_t d;
    if (r == NULL) return TINYOPS_ERR_ARGUMENT;
    r->class_index = -1;
    r->score = 0.0f;
    if (it == NULL || tinyops_output(it, index, &info) != TINYOPS_OK) return TINYOPS_ERR_ARGUMENT;
    for (d = 0; d < info.rank; d++) elements *= (size_t)info.dims[d];
    if (elements == 0 || elements > 0x7fffffffu) return TINYOPS_ERR_ARGUMENT;
    if (info.type == TINYOPS_INT8) {
        const int8_t *q = (const int8_t *)info.data;
        for (i = 1; i < elements; i++) {
            if (q[i] > q[best]) best = i;
        }
        r->score = ((float)q[best] - (float)info.zero_point) * (info.scale > 0.0f ? info.scale : 1.0f);
    } else if (info.type == TINYOPS_FLOAT32) {
        const uint8_t *bytes = (const uint8_t *)info.data;
        float top, v;
        memcpy(&top, bytes, 4);
        for (i = 1; i < elements; i++) {
            memcpy(&v, bytes + 4 * i, 4);
            if (v > top || (top != top && v == v)) { /* NaN never wins */
                top = v;
                best = i;
            }
        }
        r->score = top;
    } else {
        return TINYOPS_ERR_ARGUMENT;
    }
    r->class_index = (int32_t)best;
    return TINYOPS_OK;
}

uint8_t tinyops_telemetry_crc8(const char *text, size_t length) {
    uint8_t crc = 0;
    size_t i;
    unsigned bit;
    for (i = 0; i < length; i++) {
        crc ^= (uint8_t)text[i];
        for (bit = 0; bit < 8; bit++) crc = (uint8_t)(crc & 0x80u ? ((unsigned)crc << 1) ^ 0x07u : (unsigned)crc << 1);
    }
    return crc;
}

/* A bounded writer: counts every character, stores what fits, keeps the CRC. */
typedef struct writer {
    char *buffer;
    size_t size;
    size_t length;
} writer;

static void put(writer *w, char ch) {
    if (w->length + 1 < w->size) w->buffer[w->length] = ch;
    w->length++;
}

static void put_text(writer *w, const char *text) {
    while (*text != '\0') put(w, *text++);
}

static void put_uint(writer *w, uint32_t value, int min_digits) {
    char digits[10];
    int n = 0;
    do {
        digits[n++] = (char)('0' + value % 10u);
        value /= 10u;
    } while (value > 0 || n < min_digits);
    while (n > 0) put(w, digits[--n]);
}

static void put_int(writer *w, int32_t value) {
    if (value < 0) {
        put(w, '-');
        put_uint(w, (uint32_t)0 - (uint32_t)value, 1);
    } else {
        put_uint(w, (uint32_t)value, 1);
    }
}

/* Three fractional digits, half away from zero, saturated at 999999.999. */
static void put_decimal(writer *w, float value) {
    float x, fraction;
    uint32_t units;
    if (value != value) {
        put_text(w, "nan");
        return;
    }
    if (value > 3.4e38f || value < -3.4e38f) {
        put_text(w, value > 0.0f ? "inf" : "-inf");
        return;
    }
    x = (value < 0.0f ? -value : value) * 1000.0f;
    if (x >= 999999999.0f) {
        units = 999999999u;
    } else {
        units = (uint32_t)x;
        fraction = x - (float)units;
        if (fraction >= 0.5f) units++;
    }
    if (value < 0.0f && units > 0) put(w, '-');
    put_uint(w, units / 1000u, 1);
    put(w, '.');
    put_uint(w, units % 1000u, 3);
}

static void put_list(writer *w, const char *key, const float *values, uint32_t count) {
    uint32_t i;
    put_text(w, key);
    for (i = 0; i < count; i++) {
        if (i > 0) put(w, ',');
        put_decimal(w, values[i]);
    }
}

size_t tinyops_telemetry_format(const tinyops_telemetry_record *r, char *buffer, size_t size) {
    static const char hex[] = "0123456789abcdef";
    writer w;
    const char *id;
    uint32_t channels, n;
    uint8_t crc;
    w.buffer = buffer;
    w.size = buffer != NULL ? size : 0;
    w.length = 0;
    if (r == NULL) {
        if (w.size > 0) buffer[0] = '\0';
        return 0;
    }
    id = r->model_id != NULL && r->model_id[0] != '\0' ? r->model_id : "model";
    put_text(&w, "@tm1 id=");
    for (n = 0; id[n] != '\0' && n < TINYOPS_TELEMETRY_MAX_ID; n++) {
        const char ch = id[n];
        const int ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '.' ||
                       ch == '_' || ch == '-';
        put(&w, ok ? ch : '_');
    }
    put_text(&w, " n=");
    put_uint(&w, r->sequence, 1);
    put_text(&w, " c=");
    put_int(&w, r->class_index);
    put_text(&w, " s=");
    put_decimal(&w, r->score);
    put_text(&w, " t=");
    put_uint(&w, r->latency_us, 1);
    channels = r->channels < TINYOPS_TELEMETRY_MAX_CHANNELS ? r->channels : TINYOPS_TELEMETRY_MAX_CHANNELS;
    if (channels > 0) {
        put_list(&w, " m=", r->mean, channels);
        put_list(&w, " e=", r->energy, channels);
    }
    put_text(&w, " *");
    /* The CRC covers what came before the '*'; when the buffer is too small the line is cut
     * and its CRC is not needed. */
    crc = w.length < w.size ? tinyops_telemetry_crc8(buffer, w.length - 1) : 0;
    put(&w, hex[crc >> 4]);
    put(&w, hex[crc & 15u]);
    put(&w, '\n');
    if (w.size > 0) buffer[w.length < w.size ? w.length : w.size - 1] = '\0';
    return w.length;
}

tinyops_status tinyops_invoke_with_telemetry(tinyops_interpreter *it, tinyops_telemetry *t) {
    tinyops_telemetry_record record;
    uint32_t start = 0, end = 0;
    size_t length;
    tinyops_status status;
    if (t == NULL) return TINYOPS_ERR_ARGUMENT;
    record.model_id = t->model_id;
    record.sequence = t->sequence;
    record.latency_us = 0;
    (void)tinyops_telemetry_summarize(it, 0, &record);
    if (t->ticks != NULL) start = t->ticks(t->user);
    status = tinyops_invoke(it);
    if (t->ticks != NULL) end = t->ticks(t->user);
    if (status != TINYOPS_OK) return status;
    if (t->ticks != NULL) {
        const uint64_t elapsed = (uint64_t)(uint32_t)(end - start);
        const uint64_t us = t->ticks_per_second > 0 ? elapsed * 1000000u / t->ticks_per_second : elapsed;
        record.latency_us = us > 0xffffffffu ? 0xffffffffu : (uint32_t)us;
    }
    (void)tinyops_telemetry_classify(it, 0, &record);
    t->sequence++;
    length = tinyops_telemetry_format(&record, t->line, sizeof t->line);
    if (t->emit != NULL) t->emit(t->line, length, t->user);
    return TINYOPS_OK;
}
