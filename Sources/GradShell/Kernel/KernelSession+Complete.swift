import GradLanguage

/// `complete_request`: the REPL's completer (names, argument labels, the
/// values after `act:` and the like, members, file paths in strings) over
/// the cell's text before the cursor.
extension KernelSession {
    /// The completions at `cursor`, a Unicode scalar offset into the whole
    /// cell (clamped to it): each replaces the word before the cursor, from
    /// `cursorStart` to the cursor. In a `:` command cell, the command's name
    /// completes among the cell commands, and `:time`'s code and `:help`'s
    /// topic as code.
    func complete(_ code: String, cursor: Int) -> KernelCompletion {
        let scalars = Array(code.unicodeScalars)
        let end = min(max(0, cursor), scalars.count)
        var before = String(String.UnicodeScalarView(scalars[..<end]))
        if let command = commandBeingTyped(before) {
            let matches = KernelSession.cellCommands.filter { $0.hasPrefix(command) }
            return KernelCompletion(
                matches: matches.map { ":" + $0 },
                cursorStart: end - command.unicodeScalars.count - 1,
                cursorEnd: end)
        }
        if let command = MetaCommand(before) {
            // What follows the command is code (or a builtin's name): complete
            // that alone, up to the cursor as it is.
            let start = before.drop { $0 == " " || $0 == "\t" || $0 == "\n" }
            before = String(start.dropFirst(1 + command.name.count))
        }
        let (word, matches) = Completer(interpreter: interpreter).candidates(for: before)
        return KernelCompletion(
            matches: matches, cursorStart: end - word.unicodeScalars.count, cursorEnd: end)
    }

    /// The name of a `:` command typed so far when the cursor is still in
    /// it (`he` in `:he`), else nil.
    private func commandBeingTyped(_ before: String) -> String? {
        let text = before.drop { $0 == " " || $0 == "\t" || $0 == "\n" }
        guard text.hasPrefix(":") else { return nil }
        let name = text.dropFirst()
        guard name.allSatisfy({ $0.isLetter }) else { return nil }
        return String(name)
    }
}
