import GradEngine

/// The parts of request handling that need no session, shared by the shell
/// and control channels, and the readings of request fields.
enum KernelRequests {
    /// `comm_info_reply`: GradLab opens no comms.
    static let commInfo: JSONValue = .object([
        JSONMember("status", .string("ok")), JSONMember("comms", .object([])),
    ])

    /// `shutdown_reply`, echoing `restart`; the kernel then stops.
    static func shutdown(_ content: JSONValue) -> KernelReply {
        KernelReply(
            type: "shutdown_reply",
            content: .object([
                JSONMember("status", .string("ok")),
                JSONMember("restart", .bool(content["restart"]?.boolValue ?? false)),
            ]),
            next: .shutDown)
    }

    /// `interrupt_reply`, sent at once (the cell stops at its next check).
    static let interruptReply = KernelReply(
        type: "interrupt_reply", content: .object([JSONMember("status", .string("ok"))]))

    /// The request's `cursor_pos`, kept within `code` (counted in Unicode
    /// scalars); the end of the code when it is missing.
    static func cursor(_ content: JSONValue, in code: String) -> Int {
        let length = code.unicodeScalars.count
        guard let position = content["cursor_pos"]?.intValue else { return length }
        return min(max(position, 0), length)
    }

    /// Which entries a `history_request` asks for; `tail` (with its `n`,
    /// default 10) when the access type is missing or unknown. A range
    /// without `stop` runs to the end (`Int.max`), as IPython reads it.
    static func historyAccess(_ content: JSONValue) -> KernelHistoryAccess {
        let n = content["n"]?.intValue
        switch content["hist_access_type"]?.stringValue {
        case "range":
            return .range(
                start: content["start"]?.intValue ?? 0, stop: content["stop"]?.intValue ?? Int.max)
        case "search":
            return .search(
                pattern: content["pattern"]?.stringValue ?? "*", count: n,
                unique: content["unique"]?.boolValue ?? false)
        default:
            return .tail(count: n ?? 10)
        }
    }
}
