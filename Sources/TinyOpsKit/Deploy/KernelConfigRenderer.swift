/// `tinyops_config.h`: the operators a runtime bundle compiles in. TinyOpsRuntime's kernel
/// table honours it (Sources/TinyOpsRuntime/runtime_config.h), so a firmware built for one
/// model links only that model's kernels; without the file every kernel is linked.
enum KernelConfigRenderer {
    static let fileName = "tinyops_config.h"

    /// The runtime's operators `ops` selects (the runtime implements every one: the bundle is
    /// made only for models it can run).
    static func render(_ context: DeployContext) -> String {
        let selected = context.operators.filter { TinyOpsRuntimeSupport.int8Ops.contains($0) }.map(\.name).sorted()
        var text = CSource.banner(context, "TinyOpsRuntime configuration: compile in only the kernels this model uses.")
        text += """

            #ifndef TINYOPS_CONFIG_H
            #define TINYOPS_CONFIG_H

            /* Every operator not defined to 1 below is left out (runtime_config.h). Deleting this
             * file compiles in every kernel, for running other models with the same runtime. */
            #define TINYOPS_OPS_SELECTED 1


            """
        text += selected.map { "#define TINYOPS_OP_\($0) 1\n" }.joined()
        text += "\n#endif /* TINYOPS_CONFIG_H */\n"
        return text
    }
}
