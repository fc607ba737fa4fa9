/// The model as a C array, in TFLite Micro's convention (what `xxd -i` gives, made const and
/// 16-byte aligned): `alignas(16) const unsigned char <name>[] = {...};` and
/// `const unsigned int <name>_len`. The runtime bundle adds the normalization and labels as
/// const arrays next to it.
enum ModelArrayRenderer {
    /// Declarations of the array and its length (and of the extra arrays when `extras`).
    static func declarations(_ context: DeployContext, extras: Bool) -> String {
        let name = context.prefix.name
        var lines = [
            "/* The .tflite model, 16-byte aligned: TFLite Micro and TinyOpsRuntime read it in place. */",
            "extern const unsigned char \(name)[];",
            "extern const unsigned int \(name)_len;",
        ]
        if extras {
            if context.prepared != nil {
                lines.append("/* The prepared image for tinyops_init_prepared (tinyops_prepared.h): init done by tinyops deploy. */")
                lines.append("extern const unsigned char \(name)_prepared[];")
                lines.append("extern const unsigned int \(name)_prepared_len;")
            }
            if !context.labels.isEmpty {
                lines.append("/* \(context.prefix.macro)_LABEL_COUNT class names, in output order. */")
                lines.append("extern const char *const \(name)_labels[];")
            }
            if context.normalization != nil {
                lines.append("/* \(context.prefix.macro)_NORM_CHANNELS values each; pass to tinyops_set_input_f32. */")
                lines.append("extern const float \(name)_norm_mean[];")
                lines.append("extern const float \(name)_norm_std[];")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The `.c` file: includes `header`, defines the array (and the extras).
    static func source(_ context: DeployContext, header: String, extras: Bool, what: String) -> String {
        let name = context.prefix.name
        var text = CSource.banner(context, what)
        text += """

            #include "\(header)"

            /* alignas(16): a keyword in C++11, <stdalign.h> in C11, the GCC/Clang attribute in C99. */
            #if !defined(__cplusplus)
            #if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
            #include <stdalign.h>
            #elif !defined(alignas)
            #define alignas(n) __attribute__((aligned(n)))
            #endif
            #endif

            alignas(16) const unsigned char \(name)[] = {

            """
        text += CSource.byteLines(context.modelBytes)
        text += "};\n\nconst unsigned int \(name)_len = \(context.modelBytes.count)u;\n"
        if extras {
            let p = context.prefix.macro
            if let prepared = context.prepared {
                text += "\n/* Made from \(name) by tinyops_init on the host; 4-byte alignment is required, 16 keeps it like the model. */\n"
                text += "alignas(16) const unsigned char \(name)_prepared[] = {\n"
                text += CSource.byteLines(prepared.bytes)
                text += "};\n\nconst unsigned int \(name)_prepared_len = \(prepared.bytes.count)u;\n"
            }
            if !context.labels.isEmpty {
                text += "\nconst char *const \(name)_labels[\(p)_LABEL_COUNT] = \(p)_LABELS;\n"
            }
            if context.normalization != nil {
                text += "\nconst float \(name)_norm_mean[\(p)_NORM_CHANNELS] = \(p)_NORM_MEAN_VALUES;\n"
                text += "const float \(name)_norm_std[\(p)_NORM_CHANNELS] = \(p)_NORM_STD_VALUES;\n"
            }
        }
        return text
    }

    /// A header: banner, include guard, C++ linkage, then `body`.
    static func header(_ context: DeployContext, file: String, what: String, includes: [String] = [], body: String) -> String {
        let guardName = CSource.guardName(file)
        var text = CSource.banner(context, what)
        text += "\n#ifndef \(guardName)\n#define \(guardName)\n\n"
        if !includes.isEmpty { text += includes.map { "#include \($0)\n" }.joined() + "\n" }
        text += body.isEmpty ? "" : body + "\n"
        text += "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n"
        return text
    }

    /// Closes what `header` opened, after the declarations.
    static func headerEnd(_ file: String) -> String {
        "\n#ifdef __cplusplus\n}\n#endif\n\n#endif /* \(CSource.guardName(file)) */\n"
    }
}
