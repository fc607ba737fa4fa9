/* tinyops telemetry: one compact text line per inference, for `tinyops monitor`.
 *
 *   @tm1 id=imu-1a2b3c4d n=41 c=2 s=0.957 t=1830 m=0.113,-0.052,0.981 e=1.021,0.874,1.450 *5c
 *
 * id the model id, n a sequence number, c the top class, s its score (the output value), t the
 * inference latency in microseconds, m and e the mean and the energy (mean square) of each
 * input channel over the window, in the model's input units (dequantized: the normalized
 * values the model sees), and a CRC-8 of everything before the '*'. docs/telemetry.md
 * defines the format; `tinyops monitor` compares these lines with the training statistics
 * stored in the model.
 *
 * Two ways to use it:
 * - the hook: tinyops_invoke_with_telemetry(&it, &telemetry) summarizes input 0, times the
 *   invoke with your tick source, takes the top class of output 0 and hands the line to
 *   your emit callback (a UART write, a log buffer);
 * - the pieces: tinyops_telemetry_summarize before tinyops_invoke, classify after, set
 *   latency_us yourself, then tinyops_telemetry_format into your own buffer.
 *
 * No printf: numbers are formatted here. Float arithmetic is used for the summary and the
 * score (soft-float on cores without an FPU); the int8 sums are exact integers. No malloc,
 * no global state, no libc beyond <stdint.h>, <stddef.h>, <string.h>. */
#ifndef TINYOPS_TELEMETRY_H
#define TINYOPS_TELEMETRY_H

#include <stddef.h>
#include <stdint.h>

#include "tinyops_runtime.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Input channels summarized: the first 16 of the input's last dimension. */
#define TINYOPS_TELEMETRY_MAX_CHANNELS 16
/* Longest model id written; longer ids are cut. */
#define TINYOPS_TELEMETRY_MAX_ID 32
/* A buffer of this size always holds a whole line, its '\n' and a terminating NUL. */
#define TINYOPS_TELEMETRY_LINE_MAX 512

/* One inference, as one line reports it. */
typedef struct tinyops_telemetry_record {
    const char *model_id;  /* characters outside [A-Za-z0-9._-] are written as '_'; NULL: "model" */
    uint32_t sequence;
    int32_t class_index;   /* index of the top output value, -1 when unknown */
    float score;           /* the top output value, dequantized */
    uint32_t latency_us;
    uint32_t channels;     /* entries of mean and energy in use; 0: no input summary */
    float mean[TINYOPS_TELEMETRY_MAX_CHANNELS];
    float energy[TINYOPS_TELEMETRY_MAX_CHANNELS];
} tinyops_telemetry_record;

/* Mean and energy (mean of squares) of each channel of graph input `index` over all its
 * elements, channel = element index modulo the last dimension (capped at 16 channels), in
 * real units: (q - zero_point) * scale for int8, the value for float32. Call it after
 * writing the input and BEFORE tinyops_invoke, which may reuse the input's memory. Sets
 * record->channels; TINYOPS_ERR_ARGUMENT (BAD_INDEX, TYPE, NULL_ARGUMENT) otherwise, with
 * record->channels = 0. */
tinyops_status tinyops_telemetry_summarize(const tinyops_interpreter *it, size_t index,
                                           tinyops_telemetry_record *record);

/* The top value of graph output `index` (after tinyops_invoke): its element index (the
 * first one on ties) into record->class_index, its dequantized value into record->score.
 * TINYOPS_ERR_ARGUMENT (BAD_INDEX, TELEMETRY_OUTPUT, NULL_ARGUMENT) otherwise, with
 * class_index = -1 and score = 0. */
tinyops_status tinyops_telemetry_classify(const tinyops_interpreter *it, size_t index,
                                          tinyops_telemetry_record *record);

/* Writes the record's line, ending in '\n', into `buffer` (NUL-terminated when size > 0;
 * cut short when too small). Returns the length of the whole line without the NUL, like
 * snprintf; at most TINYOPS_TELEMETRY_LINE_MAX - 1. Numbers: decimals with three
 * fractional digits, rounded half away from zero, saturated at +-999999.999; "nan", "inf"
 * and "-inf" for values that are not finite. */
size_t tinyops_telemetry_format(const tinyops_telemetry_record *record, char *buffer, size_t size);

/* The CRC-8 the line carries after '*': polynomial 0x07, initial value 0, no reflection,
 * no final XOR (CRC-8/SMBUS), over `length` bytes. */
uint8_t tinyops_telemetry_crc8(const char *text, size_t length);

/* Time source: any free-running counter (a cycle counter, a microsecond timer). */
typedef uint32_t (*tinyops_ticks_fn)(void *user);
/* Receives each line (`length` bytes, ending in '\n', NUL-terminated). */
typedef void (*tinyops_emit_fn)(const char *line, size_t length, void *user);

/* The hook's settings and state. Set the fields, sequence to 0, and keep it (static). */
typedef struct tinyops_telemetry {
    const char *model_id;      /* e.g. <NAME>_MODEL_ID from the deploy bundle's header */
    tinyops_ticks_fn ticks;    /* NULL: latency 0 */
    uint32_t ticks_per_second; /* of `ticks`; 0 means the ticks are microseconds */
    tinyops_emit_fn emit;      /* NULL: lines are formatted into `line` only */
    void *user;                /* passed to ticks and emit */
    uint32_t sequence;         /* n= of the next line; counts up, wraps at 2^32 */
    char line[TINYOPS_TELEMETRY_LINE_MAX]; /* the last line */
} tinyops_telemetry;

/* tinyops_invoke with a telemetry line: summarizes input 0, reads the ticks, invokes, reads
 * the ticks again, classifies output 0, formats the line into telemetry->line and calls
 * emit. The latency is (t1 - t0) modulo 2^32 converted to microseconds (round down). Returns
 * what tinyops_invoke returns; a line is emitted only when it succeeds (an input or output
 * the summary cannot read gives a line without m/e, or with c=-1). */
tinyops_status tinyops_invoke_with_telemetry(tinyops_interpreter *it, tinyops_telemetry *telemetry);

#ifdef __cplusplus
}
#endif

#endif /* TINYOPS_TELEMETRY_H */
