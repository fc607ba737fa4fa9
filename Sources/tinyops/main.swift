import TinyOpsKit

CommandLineShell.main(root: Tinyops.self, arguments: CommandLine.arguments, version: TinyOps.version)
