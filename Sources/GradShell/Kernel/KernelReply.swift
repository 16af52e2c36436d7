import GradEngine

/// What the kernel answers a request with, and what it does next.
struct KernelReply: Equatable {
    /// What happens after the reply is sent.
    enum Next: Equatable {
        case carryOn
        /// An `execute_request` failed with `stop_on_error`: the execute
        /// requests already queued are answered "aborted" without running.
        case abortQueuedExecutes
        /// `shutdown_request`: the kernel stops (the client restarts it when asked).
        case shutDown
    }

    var type: String
    var content: JSONValue
    var next: Next = .carryOn
}
