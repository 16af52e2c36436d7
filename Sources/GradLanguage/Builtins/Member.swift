import GradEngine

/// One member of a kind of value (`h.loss`, `net.params`): its name, one line
/// of documentation, and how it is computed. Member access, Tab completion and
/// `help` all read the declarations in `ValueKind.members`.
struct Member: Sendable {
    let name: String
    /// One line: what it holds.
    let summary: String
    /// The member of a value of its kind; nil for a value of another kind.
    let read: @Sendable (Value, Interpreter) -> Value?
}
