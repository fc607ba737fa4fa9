/// The C++ header that registers exactly the model's operators with TFLite Micro: a
/// `tflite::MicroMutableOpResolver<N>` typedef with N = one slot per distinct operator, and a
/// function calling `AddConv2D()`, ... in order of first use (the method names are
/// `TFLMOpSupport.resolverMethod`, the table `tinyops check` prints from).
enum OpResolverRenderer {
    struct Registration: Equatable {
        /// `AddConv2D`, or `AddCustom` for a custom operator.
        let method: String
        /// The custom operator's name.
        let custom: String?
    }

    /// Registrations in order of first use, and the builtin operators TFLM has no kernel for.
    static func registrations(_ model: Model) -> (registrations: [Registration], missing: [String]) {
        var registrations: [Registration] = []
        var missing: [String] = []
        for op in model.main.operators {
            let registration: Registration
            if op.builtin == .custom, let name = op.opcode.customCode {
                registration = Registration(method: "AddCustom", custom: name)
            } else if let builtin = op.builtin, let method = TFLMOpSupport.resolverMethod(builtin) {
                registration = Registration(method: method, custom: nil)
            } else {
                if !missing.contains(op.opcode.name) { missing.append(op.opcode.name) }
                continue
            }
            if !registrations.contains(registration) { registrations.append(registration) }
        }
        return (registrations, missing)
    }

    static func render(_ context: DeployContext, file: String) -> String {
        let name = context.prefix.name, p = context.prefix.macro
        let (registrations, missing) = registrations(context.model)
        let guardName = CSource.guardName(file)
        let customs = registrations.compactMap(\.custom)
        var text = CSource.banner(context, "TFLite Micro op resolver for \(name): exactly the model's operators. C++.")
        text += """

            #ifndef \(guardName)
            #define \(guardName)

            #include "tensorflow/lite/micro/micro_mutable_op_resolver.h"


            """
        for op in missing {
            text += "#error \"\(name): operator \(op) has no TFLite Micro kernel; this model cannot run in TFLite Micro\"\n"
        }
        text += """
            /* One registration per distinct operator: the MicroMutableOpResolver template count. */
            #define \(p)_OP_COUNT \(registrations.count)

            typedef tflite::MicroMutableOpResolver<\(p)_OP_COUNT> \(name)_op_resolver;


            """
        var parameters = ["\(name)_op_resolver &resolver"]
        for (index, custom) in customs.enumerated() {
            parameters.append("const TFLMRegistration *custom\(index) /* \(custom.filter { $0 != "*" && $0 != "/" }) */")
        }
        text += "/* Registers \(registrations.map { $0.custom.map { "CUSTOM \"\($0)\"" } ?? $0.method.dropFirst(3).description }.joined(separator: ", ")).\n"
        text += customs.isEmpty ? "" : " * Custom operators take their registration from the caller, in this order.\n"
        text += " * Returns kTfLiteOk, or the first registration's failure. */\n"
        text += "static inline TfLiteStatus \(name)_register_ops(\(parameters.joined(separator: ", "))) {\n"
        text += "    TfLiteStatus status = kTfLiteOk;\n"
        var customIndex = 0
        for registration in registrations {
            let call: String
            if let custom = registration.custom {
                call = "resolver.AddCustom(\(CSource.string(custom)), custom\(customIndex))"
                customIndex += 1
            } else {
                call = "resolver.\(registration.method)()"
            }
            text += "    if ((status = \(call)) != kTfLiteOk) return status;\n"
        }
        text += "    return status;\n}\n\n#endif /* \(guardName) */\n"
        return text
    }
}
