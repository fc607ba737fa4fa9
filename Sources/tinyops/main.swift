#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TinyOpsKit

// Ctrl-C and `kill` must stop tinyops even when a parent started it with those signals
// blocked or ignored (some process spawners do): every output is written atomically, so the
// default action — terminate — never leaves a half-written file behind.
var interruptSignals = sigset_t()
sigemptyset(&interruptSignals)
for number in [SIGINT, SIGTERM, SIGHUP] {
    sigaddset(&interruptSignals, number)
    _ = signal(number, SIG_DFL)
}
sigprocmask(SIG_UNBLOCK, &interruptSignals, nil)

CommandLineShell.main(root: Tinyops.self, arguments: CommandLine.arguments, version: TinyOps.version)
