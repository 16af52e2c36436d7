import GradEngine
import GradLanguage

/// The language side of the Jupyter kernel: one interpreter for the whole
/// kernel process, so state persists across cells exactly as in the REPL.
/// The transport (ZeroMQ, message signing, channels) calls these methods and
/// publishes what they return; nothing here knows about sockets.
///
/// INTERFACE ONLY (placeholder bodies): the kernel-session work fills it in.
final class KernelSession {
    /// Set by the transport on `interrupt_request` (and by SIGINT); training
    /// polls it between steps. `execute` resets it when a cell starts.
    let cancellation = CancellationFlag()

    /// The number the next executed cell gets (`In [n]`, `execution_count`).
    private(set) var nextExecutionCount = 1

    init() {}

    /// Runs one cell, calling `publish` for each output as it happens (from
    /// the calling thread). `silent` cells publish nothing and do not count;
    /// `storeHistory` false keeps the cell out of `history`.
    func execute(
        _ code: String, silent: Bool, storeHistory: Bool,
        publish: (KernelOutput) -> Void
    ) -> KernelExecution {
        let count = nextExecutionCount
        if !silent { nextExecutionCount += 1 }
        return KernelExecution(status: .ok, executionCount: count)
    }

    /// Whether `code` is a whole entry, by the REPL's continuation rules.
    func isComplete(_ code: String) -> KernelCompleteness { .unknown }

    /// Completions at `cursor` (a Unicode scalar offset), from the REPL's completer.
    func complete(_ code: String, cursor: Int) -> KernelCompletion {
        KernelCompletion(matches: [], cursorStart: cursor, cursorEnd: cursor)
    }

    /// `help(...)` for the name at `cursor`, as a MIME bundle; nil when there is none.
    func inspect(_ code: String, cursor: Int, detailLevel: Int) -> MIMEBundle? { nil }

    /// The session's entries, as `history_request` asks for them.
    func history(_ access: KernelHistoryAccess) -> [KernelHistoryEntry] { [] }
}
