import GradLanguage

/// `inspect_request` (Shift-Tab in JupyterLab): what `help(...)` says of the
/// name at the cursor, or what a name the session defined holds.
extension KernelSession {
    /// For the name at or just before `cursor` (a Unicode scalar offset), or
    /// else the function whose argument list the cursor is in: a builtin's or
    /// named value's `help(name)` text, or a session name's kind and value as
    /// a cell would show it. Nil when there is no such name. `detailLevel`
    /// changes nothing: the help text is all there is.
    func inspect(_ code: String, cursor: Int, detailLevel: Int) -> MIMEBundle? {
        let scalars = Array(code.unicodeScalars)
        let at = min(max(0, cursor), scalars.count)
        func isNamePart(_ s: Unicode.Scalar) -> Bool {
            s.properties.isAlphabetic || ("0"..."9").contains(s) || s == "_"
        }
        var start = at
        while start > 0 && isNamePart(scalars[start - 1]) { start -= 1 }
        var end = at
        while end < scalars.count && isNamePart(scalars[end]) { end += 1 }
        let word = String(String.UnicodeScalarView(scalars[start..<end]))
        if let bundle = describe(word) { return bundle }
        let before = String(String.UnicodeScalarView(scalars[..<at]))
        if let callee = Completer(interpreter: interpreter).openCall(in: before) {
            return describe(callee)
        }
        return nil
    }

    /// What Shift-Tab shows for `name`, or nil when it names nothing.
    private func describe(_ name: String) -> MIMEBundle? {
        guard let first = name.first, !first.isNumber else { return nil }
        if let value = interpreter.globalBindings.first(where: { $0.name == name })?.value {
            var bundle = renderer.render(value).mimeBundle
            bundle["text/plain"] = "\(name): \(value.typeName)\n" + (bundle["text/plain"] ?? "")
            bundle["text/html"] = nil
            return bundle
        }
        return SessionCommands.documentation(name).map { ["text/plain": $0] }
    }
}
