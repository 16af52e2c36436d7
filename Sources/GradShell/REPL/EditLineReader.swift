import CEditLine

#if canImport(Glibc)
    import Glibc
#endif

/// Lines from the terminal through libedit: emacs keys, arrows, Home/End,
/// Ctrl-R search, history recall, Tab completion.
///
/// The prompt's text is owned here, in one C string that libedit reaches
/// through its client data; the C shim keeps no copy of it.
final class EditLineReader: LineReader {
    private let editor: OpaquePointer
    private let history: OpaquePointer?
    /// The prompt libedit shows while reading a line (freed when replaced).
    private var promptText: UnsafeMutablePointer<CChar>?

    /// Nil when libedit cannot start (not a terminal, no terminfo).
    init?(entries: [String], limit: Int) {
        var h: OpaquePointer?
        guard let el = gradlab_el_open("gradlab", &h, Int32(limit)) else { return nil }
        editor = el
        history = h
        for e in entries { gradlab_history_add(history, e) }
    }

    deinit {
        gradlab_el_close(editor, history)
        free(promptText)
    }

    func readLine(prompt: String) -> LineInput {
        let previous = promptText
        promptText = strdup(prompt)
        gradlab_el_set_prompt_text(editor, promptText)
        free(previous)
        var count: Int32 = 0
        errno = 0
        guard let raw = el_gets(editor, &count) else {
            // Ctrl-C (SIGINT without SA_RESTART) interrupts the read: EINTR.
            // The cursor is still on the dropped line; the next prompt starts
            // on a line of its own.
            guard errno == EINTR else { return .end }
            var out = StandardOutput()
            out.write("\n")
            return .interrupted
        }
        var line = String(cString: raw)
        if line.hasSuffix("\n") { line.removeLast() }
        return .line(line)
    }

    func remember(_ entry: String) { gradlab_history_add(history, entry) }

    /// Whether bytes are waiting on standard input: libedit reads a line a
    /// byte at a time, so the rest of a paste is still there.
    var hasPendingInput: Bool {
        var waiting = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
        return poll(&waiting, 1, 0) > 0
    }

    /// Installs `complete` on Tab; it gets the text before the cursor and
    /// returns what to insert, printing the choices itself when there are several.
    func setCompletion(_ complete: @escaping (String) -> String?) {
        EditLineReader.completer = complete
        gradlab_el_set_completer(editor) { el, _ in
            guard let el else { return UInt8(CC_ERROR) }
            var buffer = [CChar](repeating: 0, count: 4096)
            _ = gradlab_el_line_before_cursor(el, &buffer, Int32(buffer.count))
            let text = String(
                decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            guard let insert = EditLineReader.completer?(text) else { return UInt8(CC_REDISPLAY) }
            if !insert.isEmpty { _ = gradlab_el_insert(el, insert) }
            return UInt8(CC_REDISPLAY)
        }
    }

    /// The completer in use (libedit's callback cannot carry context).
    nonisolated(unsafe) private static var completer: ((String) -> String?)?
}
