import GradEngine

#if canImport(Glibc)
    import Glibc
#endif

/// Ctrl-C for the REPL. SIGINT is installed with `sigaction` and no
/// SA_RESTART, so a read at the prompt returns with EINTR (the line is
/// dropped), and while a command runs the handler sets the interpreter's
/// cancellation flag, which training checks between steps and loops between
/// iterations.
enum Interrupts {
    /// The flag the handler sets; the REPL's interpreter uses it.
    static let flag = CancellationFlag()

    static func install() {
        _ = flag  // initialized before the handler can run
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in Interrupts.flag.cancel() }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
    }
}
