/// How an `execute_request` ended: the content of its `execute_reply`.
/// On `.error` the transport also publishes an `error` message on IOPub.
struct KernelExecution: Equatable {
    enum Status: Equatable {
        case ok
        /// `ename`, `evalue`, and a traceback whose lines are the REPL's error text.
        case error(ename: String, evalue: String, traceback: [String])
    }
    var status: Status
    /// The cell's `In [n]` number.
    var executionCount: Int
}

/// The answer to `is_complete_request`.
enum KernelCompleteness: Equatable {
    case complete
    /// More lines are expected; `indent` is what the next line should start with.
    case incomplete(indent: String)
    case invalid
    case unknown
}

/// The answer to `complete_request`: the replacements for the text between
/// `cursorStart` and `cursorEnd` (Unicode scalar offsets into the cell, as
/// protocol 5.2+ counts them).
struct KernelCompletion: Equatable {
    var matches: [String]
    var cursorStart: Int
    var cursorEnd: Int
}

/// Which entries a `history_request` asks for.
enum KernelHistoryAccess: Equatable {
    case tail(count: Int)
    case range(start: Int, stop: Int)
    case search(pattern: String, count: Int?, unique: Bool)
}

/// One entry of the session's history: `(session, line, input)` in the reply.
struct KernelHistoryEntry: Equatable {
    var session: Int
    var line: Int
    var input: String
}
