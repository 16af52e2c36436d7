import GradLanguage

#if canImport(Glibc)
    import Glibc
#endif

/// How the command line chooses the output style: width from the terminal,
/// Unicode from the locale, colour as for error reports.
enum TerminalStyle {
    /// The environment variables the choice reads.
    static let variables = [
        "GRADLAB_ASCII", "TERM", "LC_ALL", "LC_CTYPE", "LANG", "COLUMNS", "GRADLAB_WALKTHROUGHS",
        "GRADLAB_HIDE_TIMES",
    ]

    /// The style for output to a terminal `terminalColumns` wide (nil: not a terminal, so the
    /// fixed standard width), with `color` as decided for the streams.
    static func detect(environment: [String: String], terminalColumns: Int?, color: Bool)
        -> OutputStyle
    {
        var style = OutputStyle(
            unicode: unicode(environment), color: color,
            width: terminalColumns ?? OutputStyle.standardWidth)
        style.times = !isSet(environment["GRADLAB_HIDE_TIMES"])
        return style
    }

    /// Whether a flag variable is set: to anything but empty or 0.
    static func isSet(_ value: String?) -> Bool {
        guard let value else { return false }
        return !value.isEmpty && value != "0"
    }

    /// Unicode unless `GRADLAB_ASCII` is set (to anything but 0), `TERM` is `dumb`, or the
    /// first of `LC_ALL`, `LC_CTYPE`, `LANG` that is set names a locale that is not UTF-8.
    static func unicode(_ environment: [String: String]) -> Bool {
        if let forced = environment["GRADLAB_ASCII"], !forced.isEmpty, forced != "0" {
            return false
        }
        if environment["TERM"] == "dumb" { return false }
        for name in ["LC_ALL", "LC_CTYPE", "LANG"] {
            guard let locale = environment[name], !locale.isEmpty else { continue }
            let upper = locale.uppercased()
            return upper.contains("UTF-8") || upper.contains("UTF8")
        }
        return true
    }

    /// The variables of `variables` that are set in this process.
    static func processEnvironment() -> [String: String] {
        var out: [String: String] = [:]
        for name in variables {
            if let value = getenv(name) { out[name] = String(cString: value) }
        }
        return out
    }

    /// The width of the terminal on standard output, or nil when it is not a terminal.
    static func standardOutputColumns(_ environment: [String: String]) -> Int? {
        guard isatty(1) != 0 else { return nil }
        var size = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        if let columns = environment["COLUMNS"].flatMap({ Int($0) }), columns > 0 { return columns }
        return OutputStyle.standardWidth
    }
}
