/// The small application a runtime bundle (`main.c`) and an Arduino library (the `.ino`
/// example) ship: load the model into an exact arena, read one window (a fixed test pattern
/// to replace with the sensor), compute the features when the model has a feature block,
/// normalize and quantize the input as tinyops did for training, invoke with a telemetry line
/// for `tinyops monitor` (docs/telemetry.md), print the top label.
enum ExampleProgramRenderer {
    enum Style {
        /// C99 with printf (host, or Cortex-M with semihosting/retargeted stdio).
        case c
        /// An Arduino sketch: setup() loads the model, loop() classifies once a second.
        case arduino
    }

    static func render(_ context: DeployContext, style: Style, modelHeader: String, featuresHeader: String?) -> String {
        let name = context.prefix.name, p = context.prefix.macro
        let features = context.features
        let fixed = features.map { $0.arithmetic == .fixed && $0.block != .spectral && $0.block != .raw } ?? false
        let f = "\(p)_FEATURES"
        var text: String
        switch style {
        case .c:
            let sources = ["main.c", "\(name)_model.c"] + (features != nil ? ["\(name)_features.c"] : []) + ["runtime/[a-z]*.c"]
            text = CSource.banner(context, """
                Example application: runs \(name) once with TinyOpsRuntime and prints the top label.
                 * Build it on the host:
                 *   cc -std=c99 -O2 -Iruntime \(sources.joined(separator: " ")) -o \(name)_demo
                 * For a Cortex-M firmware add your startup code and link with -ffunction-sections
                 * -fdata-sections -Wl,--gc-sections, so that only the kernels in use are kept.
                """)
            text += "\n#include <stdint.h>\n#include <stdio.h>\n#include <string.h>\n#include <time.h>\n\n"
        case .arduino:
            text = CSource.banner(context, "Example sketch: classifies one window a second with TinyOpsRuntime and prints the top label.",
                                  comment: "cpp")
            text += "\n#include <string.h>\n\n"
        }
        text += "#include \"\(modelHeader)\"\n#include \"tinyops_runtime.h\"\n"
        if context.prepared != nil { text += "#include \"tinyops_prepared.h\"\n" }
        text += "#include \"tinyops_telemetry.h\"\n"
        if let featuresHeader { text += "#include \"\(featuresHeader)\"\n" }
        text += """

            /* The arena: exactly what tinyops_init uses (tinyops_plan), 4-byte aligned. */
            static uint32_t arena[(\(p)_ARENA_BYTES + 3u) / 4u];
            static tinyops_interpreter interpreter;

            """
        if let features {
            text += """
                /* One window of raw samples, [\(features.inputShape.map(String.init).joined(separator: "][") )] interleaved\(fixed ? ", 16-bit PCM" : ""). */
                static \(fixed ? "int16_t" : "float") window[\(p)_RAW_INPUT_ELEMENTS];
                static \(fixed ? "int32_t features_q16[\(f)_OUTPUT_COUNT];\nstatic float" : "float") features[\(f)_OUTPUT_COUNT];
                static uint64_t scratch[(\(f)_SCRATCH_BYTES + 7u) / 8u];

                """
        } else {
            text += "/* One window of raw samples: the model input before normalization and quantization. */\n"
            text += "static float window[\(p)_INPUT_ELEMENTS];\n"
        }
        text += "static float scores[\(p)_OUTPUT_ELEMENTS];\n\n"
        switch style {
        case .c:
            text += """
                /* Telemetry: every inference prints one line for `tinyops monitor` (docs/telemetry.md):
                 * the model id, the top class and score, the latency and a summary of the input. On a
                 * board, make ticks() read a hardware timer (e.g. the DWT cycle counter, with the core
                 * clock as ticks per second) and emit() write to a UART or a log buffer. */
                static uint32_t ticks(void *user) {
                    (void)user;
                    return (uint32_t)clock();
                }

                static void emit(const char *line, size_t length, void *user) {
                    (void)user;
                    fwrite(line, 1, length, stdout);
                }

                static tinyops_telemetry telemetry;


                """
        case .arduino:
            text += """
                /* Telemetry: every inference prints one line for `tinyops monitor` (docs/telemetry.md). */
                static uint32_t ticks(void *user) {
                    (void)user;
                    return (uint32_t)micros();
                }

                static void emit(const char *line, size_t length, void *user) {
                    (void)user;
                    Serial.write(line, length);
                }

                static tinyops_telemetry telemetry;


                """
        }
        let sample = fixed ? "(int16_t)(((int32_t)(i % 17u) - 8) * 1024)" : "(float)((int32_t)(i % 17u) - 8) / 8.0f"
        text += """
            /* Replace with your sensor: fills one window, here with a fixed test pattern. */
            static void read_window(\(fixed ? "int16_t" : "float") *values, uint32_t count) {
                uint32_t i;
                for (i = 0; i < count; i++) values[i] = \(sample);
            }

            /* Runs the model on one window; returns the index of the top score, or -1. */
            static int32_t classify(void) {
                uint32_t i, best = 0;
                tinyops_status status;

            """
        let input: String
        if let features {
            _ = features
            text += "    read_window(window, \(p)_RAW_INPUT_ELEMENTS);\n"
            if fixed {
                text += """
                        status = tinyops_features_run_q16(&\(name)_features, window, features_q16, scratch, sizeof scratch);
                        if (status != TINYOPS_OK) return -1;
                        for (i = 0; i < \(f)_OUTPUT_COUNT; i++) features[i] = (float)features_q16[i] / 65536.0f;

                    """
            } else {
                text += """
                        status = tinyops_features_run_f32(&\(name)_features, window, features, scratch, sizeof scratch);
                        if (status != TINYOPS_OK) return -1;

                    """
            }
            input = "features"
        } else {
            text += "    read_window(window, \(p)_INPUT_ELEMENTS);\n"
            input = "window"
        }
        let normalization = context.normalization != nil
            ? "\(name)_norm_mean, \(name)_norm_std, \(p)_NORM_CHANNELS" : "NULL, NULL, 0"
        for index in context.inputs.indices.dropFirst() {
            text += "    memset(tinyops_input_data(&interpreter, \(index)), 0, \(context.inputs[index].elementCount * (context.inputs[index].type == .float32 ? 4 : 1))u); /* fill input \(index) too */\n"
        }
        text += """
                status = tinyops_set_input_f32(&interpreter, 0, \(input), \(p)_INPUT_ELEMENTS, \(normalization));
                if (status != TINYOPS_OK || tinyops_invoke_with_telemetry(&interpreter, &telemetry) != TINYOPS_OK) return -1;
                if (tinyops_get_output_f32(&interpreter, 0, scores, \(p)_OUTPUT_ELEMENTS) != TINYOPS_OK) return -1;
                for (i = 1; i < \(p)_OUTPUT_ELEMENTS; i++) {
                    if (scores[i] > scores[best]) best = i;
                }
                return (int32_t)best;
            }


            """
        let labelOf = context.labels.isEmpty ? nil : "\(name)_labels[best]"
        let initCall = context.prepared != nil
            ? "tinyops_init_prepared(&interpreter, \(name), \(name)_len, \(name)_prepared, \(name)_prepared_len, (uint8_t *)arena, sizeof arena)"
            : "tinyops_init(&interpreter, \(name), \(name)_len, (uint8_t *)arena, sizeof arena)"
        let initName = context.prepared != nil ? "tinyops_init_prepared" : "tinyops_init"
        switch style {
        case .c:
            text += """
                int main(void) {
                    int32_t best;
                    if (\(initCall) != TINYOPS_OK) {
                        char message[160];
                        tinyops_error_message(tinyops_last_error(&interpreter), message, sizeof message);
                        printf("\(initName) failed: %s\\n", message);
                        return 1;
                    }
                    telemetry.model_id = \(p)_MODEL_ID;
                    telemetry.ticks = ticks;
                    telemetry.ticks_per_second = (uint32_t)CLOCKS_PER_SEC;
                    telemetry.emit = emit;
                    best = classify();
                    if (best < 0) {
                        printf("inference failed\\n");
                        return 2;
                    }
                    printf("\(labelOf == nil ? "class %ld" : "%s") (score %ld/1000)\\n", \(labelOf ?? "(long)best"), (long)(scores[best] * 1000.0f));
                    return 0;
                }

                """
        case .arduino:
            text += """
                void setup() {
                    Serial.begin(115200);
                    while (!Serial) {
                    }
                    if (\(initCall) != TINYOPS_OK) {
                        char message[160];
                        tinyops_error_message(tinyops_last_error(&interpreter), message, sizeof message);
                        Serial.print("\(initName) failed: ");
                        Serial.println(message);
                        for (;;) {
                        }
                    }
                    telemetry.model_id = \(p)_MODEL_ID;
                    telemetry.ticks = ticks;
                    telemetry.ticks_per_second = 1000000u;
                    telemetry.emit = emit;
                }

                void loop() {
                    int32_t best = classify();
                    if (best < 0) {
                        Serial.println("inference failed");
                    } else {
                        Serial.print(\(labelOf ?? "best"));
                        Serial.print(" (score ");
                        Serial.print((long)(scores[best] * 1000.0f));
                        Serial.println("/1000)");
                    }
                    delay(1000);
                }

                """
        }
        return text
    }
}
