#include "errors.h"

int tq_fail(tinyops_error *e, tinyops_status status, tinyops_reason reason) {
    e->status = status;
    e->reason = reason;
    return 0;
}

void tq_error_reset(tinyops_error *e) {
    e->status = TINYOPS_OK;
    e->reason = TINYOPS_REASON_NONE;
    e->op_index = -1;
    e->opcode = -1;
    e->tensor_index = -1;
    e->offset = -1;
    e->needed = 0;
}

const char *tinyops_status_name(tinyops_status status) {
    switch (status) {
    case TINYOPS_OK: return "ok";
    case TINYOPS_ERR_ARGUMENT: return "bad argument";
    case TINYOPS_ERR_MODEL_CORRUPT: return "corrupt model";
    case TINYOPS_ERR_MODEL_INVALID: return "invalid model";
    case TINYOPS_ERR_UNSUPPORTED_OP: return "unsupported operator";
    case TINYOPS_ERR_UNSUPPORTED: return "unsupported";
    case TINYOPS_ERR_LIMIT: return "runtime limit exceeded";
    case TINYOPS_ERR_ARENA_TOO_SMALL: return "arena too small";
    case TINYOPS_ERR_WORK_TOO_SMALL: return "work buffer too small";
    case TINYOPS_ERR_MISALIGNED: return "misaligned data";
    }
    return "unknown status";
}

#ifndef TINYOPS_NO_ERROR_TEXT
#define TINYOPS_REASON_TEXT_(name, text) text,
static const char *const reason_texts[] = { TINYOPS_REASONS(TINYOPS_REASON_TEXT_) };
#undef TINYOPS_REASON_TEXT_
#endif

const char *tinyops_reason_text(tinyops_reason reason) {
#ifndef TINYOPS_NO_ERROR_TEXT
    if ((unsigned)reason < (unsigned)TINYOPS_REASON_COUNT_) return reason_texts[reason];
#else
    (void)reason;
#endif
    return "";
}

#ifndef TINYOPS_NO_ERROR_TEXT
/* BuiltinOperator names for codes 0..161 (schema.fbs); 162 and up are STABLEHLO_*. */
static const char *const op_names[] = {
    "ADD", /* 0 */
    "AVERAGE_POOL_2D", /* 1 */
    "CONCATENATION", /* 2 */
    "CONV_2D", /* 3 */
    "DEPTHWISE_CONV_2D", /* 4 */
    "DEPTH_TO_SPACE", /* 5 */
    "DEQUANTIZE", /* 6 */
    "EMBEDDING_LOOKUP", /* 7 */
    "FLOOR", /* 8 */
    "FULLY_CONNECTED", /* 9 */
    "HASHTABLE_LOOKUP", /* 10 */
    "L2_NORMALIZATION", /* 11 */
    "L2_POOL_2D", /* 12 */
    "LOCAL_RESPONSE_NORMALIZATION", /* 13 */
    "LOGISTIC", /* 14 */
    "LSH_PROJECTION", /* 15 */
    "LSTM", /* 16 */
    "MAX_POOL_2D", /* 17 */
    "MUL", /* 18 */
    "RELU", /* 19 */
    "RELU_N1_TO_1", /* 20 */
    "RELU6", /* 21 */
    "RESHAPE", /* 22 */
    "RESIZE_BILINEAR", /* 23 */
    "RNN", /* 24 */
    "SOFTMAX", /* 25 */
    "SPACE_TO_DEPTH", /* 26 */
    "SVDF", /* 27 */
    "TANH", /* 28 */
    "CONCAT_EMBEDDINGS", /* 29 */
    "SKIP_GRAM", /* 30 */
    "CALL", /* 31 */
    "CUSTOM", /* 32 */
    "EMBEDDING_LOOKUP_SPARSE", /* 33 */
    "PAD", /* 34 */
    "UNIDIRECTIONAL_SEQUENCE_RNN", /* 35 */
    "GATHER", /* 36 */
    "BATCH_TO_SPACE_ND", /* 37 */
    "SPACE_TO_BATCH_ND", /* 38 */
    "TRANSPOSE", /* 39 */
    "MEAN", /* 40 */
    "SUB", /* 41 */
    "DIV", /* 42 */
    "SQUEEZE", /* 43 */
    "UNIDIRECTIONAL_SEQUENCE_LSTM", /* 44 */
    "STRIDED_SLICE", /* 45 */
    "BIDIRECTIONAL_SEQUENCE_RNN", /* 46 */
    "EXP", /* 47 */
    "TOPK_V2", /* 48 */
    "SPLIT", /* 49 */
    "LOG_SOFTMAX", /* 50 */
    "DELEGATE", /* 51 */
    "BIDIRECTIONAL_SEQUENCE_LSTM", /* 52 */
    "CAST", /* 53 */
    "PRELU", /* 54 */
    "MAXIMUM", /* 55 */
    "ARG_MAX", /* 56 */
    "MINIMUM", /* 57 */
    "LESS", /* 58 */
    "NEG", /* 59 */
    "PADV2", /* 60 */
    "GREATER", /* 61 */
    "GREATER_EQUAL", /* 62 */
    "LESS_EQUAL", /* 63 */
    "SELECT", /* 64 */
    "SLICE", /* 65 */
    "SIN", /* 66 */
    "TRANSPOSE_CONV", /* 67 */
    "SPARSE_TO_DENSE", /* 68 */
    "TILE", /* 69 */
    "EXPAND_DIMS", /* 70 */
    "EQUAL", /* 71 */
    "NOT_EQUAL", /* 72 */
    "LOG", /* 73 */
    "SUM", /* 74 */
    "SQRT", /* 75 */
    "RSQRT", /* 76 */
    "SHAPE", /* 77 */
    "POW", /* 78 */
    "ARG_MIN", /* 79 */
    "FAKE_QUANT", /* 80 */
    "REDUCE_PROD", /* 81 */
    "REDUCE_MAX", /* 82 */
    "PACK", /* 83 */
    "LOGICAL_OR", /* 84 */
    "ONE_HOT", /* 85 */
    "LOGICAL_AND", /* 86 */
    "LOGICAL_NOT", /* 87 */
    "UNPACK", /* 88 */
    "REDUCE_MIN", /* 89 */
    "FLOOR_DIV", /* 90 */
    "REDUCE_ANY", /* 91 */
    "SQUARE", /* 92 */
    "ZEROS_LIKE", /* 93 */
    "FILL", /* 94 */
    "FLOOR_MOD", /* 95 */
    "RANGE", /* 96 */
    "RESIZE_NEAREST_NEIGHBOR", /* 97 */
    "LEAKY_RELU", /* 98 */
    "SQUARED_DIFFERENCE", /* 99 */
    "MIRROR_PAD", /* 100 */
    "ABS", /* 101 */
    "SPLIT_V", /* 102 */
    "UNIQUE", /* 103 */
    "CEIL", /* 104 */
    "REVERSE_V2", /* 105 */
    "ADD_N", /* 106 */
    "GATHER_ND", /* 107 */
    "COS", /* 108 */
    "WHERE", /* 109 */
    "RANK", /* 110 */
    "ELU", /* 111 */
    "REVERSE_SEQUENCE", /* 112 */
    "MATRIX_DIAG", /* 113 */
    "QUANTIZE", /* 114 */
    "MATRIX_SET_DIAG", /* 115 */
    "ROUND", /* 116 */
    "HARD_SWISH", /* 117 */
    "IF", /* 118 */
    "WHILE", /* 119 */
    "NON_MAX_SUPPRESSION_V4", /* 120 */
    "NON_MAX_SUPPRESSION_V5", /* 121 */
    "SCATTER_ND", /* 122 */
    "SELECT_V2", /* 123 */
    "DENSIFY", /* 124 */
    "SEGMENT_SUM", /* 125 */
    "BATCH_MATMUL", /* 126 */
    "PLACEHOLDER_FOR_GREATER_OP_CODES", /* 127 */
    "CUMSUM", /* 128 */
    "CALL_ONCE", /* 129 */
    "BROADCAST_TO", /* 130 */
    "RFFT2D", /* 131 */
    "CONV_3D", /* 132 */
    "IMAG", /* 133 */
    "REAL", /* 134 */
    "COMPLEX_ABS", /* 135 */
    "HASHTABLE", /* 136 */
    "HASHTABLE_FIND", /* 137 */
    "HASHTABLE_IMPORT", /* 138 */
    "HASHTABLE_SIZE", /* 139 */
    "REDUCE_ALL", /* 140 */
    "CONV_3D_TRANSPOSE", /* 141 */
    "VAR_HANDLE", /* 142 */
    "READ_VARIABLE", /* 143 */
    "ASSIGN_VARIABLE", /* 144 */
    "BROADCAST_ARGS", /* 145 */
    "RANDOM_STANDARD_NORMAL", /* 146 */
    "BUCKETIZE", /* 147 */
    "RANDOM_UNIFORM", /* 148 */
    "MULTINOMIAL", /* 149 */
    "GELU", /* 150 */
    "DYNAMIC_UPDATE_SLICE", /* 151 */
    "RELU_0_TO_1", /* 152 */
    "UNSORTED_SEGMENT_PROD", /* 153 */
    "UNSORTED_SEGMENT_MAX", /* 154 */
    "UNSORTED_SEGMENT_SUM", /* 155 */
    "ATAN2", /* 156 */
    "UNSORTED_SEGMENT_MIN", /* 157 */
    "SIGN", /* 158 */
    "BITCAST", /* 159 */
    "BITWISE_XOR", /* 160 */
    "RIGHT_SHIFT", /* 161 */
};
#endif

const char *tinyops_op_name(int32_t builtin_code) {
#ifndef TINYOPS_NO_ERROR_TEXT
    if (builtin_code >= 0 && builtin_code < (int32_t)(sizeof op_names / sizeof op_names[0]))
        return op_names[builtin_code];
    if (builtin_code >= 162 && builtin_code <= 209) return "STABLEHLO";
#else
    (void)builtin_code;
#endif
    return "UNKNOWN";
}

/* A tiny bounded string builder (no stdio on the target). */
typedef struct text {
    char *buf;
    size_t size;
    size_t len; /* length of the full message, even beyond `size` */
} text;

static void put_char(text *t, char c) {
    if (t->len + 1 < t->size) t->buf[t->len] = c;
    t->len++;
}

static void put_str(text *t, const char *s) {
    while (*s != '\0') put_char(t, *s++);
}

static void put_uint(text *t, uint64_t v) {
    char digits[20];
    int n = 0;
    do {
        digits[n++] = (char)('0' + (int)(v % 10u));
        v /= 10u;
    } while (v != 0);
    while (n > 0) put_char(t, digits[--n]);
}

static void put_int(text *t, int64_t v) {
    if (v < 0) {
        put_char(t, '-');
        put_uint(t, (uint64_t)0 - (uint64_t)v);
    } else {
        put_uint(t, (uint64_t)v);
    }
}

size_t tinyops_error_message(const tinyops_error *error, char *buffer, size_t size) {
    text t;
    int located = 0;
    t.buf = buffer;
    t.size = buffer == NULL ? 0 : size;
    t.len = 0;
    if (error == NULL) {
        put_str(&t, "no error information");
    } else if (error->status == TINYOPS_OK) {
        put_str(&t, "ok");
    } else {
        if (error->op_index >= 0) {
            put_str(&t, "operator ");
            put_int(&t, error->op_index);
            if (error->opcode >= 0) {
                put_str(&t, " (");
                put_str(&t, tinyops_op_name(error->opcode));
                put_str(&t, ", code ");
                put_int(&t, error->opcode);
                put_char(&t, ')');
            }
            located = 1;
        }
        if (error->tensor_index >= 0) {
            put_str(&t, located ? ", tensor " : "tensor ");
            put_int(&t, error->tensor_index);
            located = 1;
        }
        if (located) put_str(&t, ": ");
        put_str(&t, tinyops_status_name(error->status));
        put_str(&t, ": ");
        if (*tinyops_reason_text(error->reason) != '\0') {
            put_str(&t, tinyops_reason_text(error->reason));
        } else {
            put_str(&t, "reason ");
            put_int(&t, (int64_t)error->reason);
        }
        if (error->offset >= 0) {
            put_str(&t, " (at byte ");
            put_int(&t, error->offset);
            put_char(&t, ')');
        }
        if (error->needed > 0) {
            put_str(&t, " (needs ");
            put_uint(&t, error->needed);
            put_str(&t, " bytes)");
        }
    }
    if (t.size > 0) t.buf[t.len < t.size ? t.len : t.size - 1] = '\0';
    return t.len;
}
