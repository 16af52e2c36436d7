/// How displayed values may draw: Unicode or plain ASCII, colour, and the width in columns.
///
/// The command line detects it from the terminal (see `GradShell`); plots and
/// tables read it when they display. Output that is not a terminal gets the
/// fixed `standardWidth`, so scripts print the same text everywhere.
public struct OutputStyle: Equatable, Sendable {
    /// Box drawing, braille and block characters allowed (false: ASCII only).
    public var unicode: Bool
    /// ANSI colours allowed.
    public var color: Bool
    /// The width of the output in columns.
    public var width: Int
    /// Whether values show wall-clock times (`try_remedies`'s time column);
    /// `GRADLAB_HIDE_TIMES=1` turns them off, so that the output is the same
    /// on every run (golden outputs).
    public var times = true

    /// The width used when the output is not a terminal.
    public static let standardWidth = 80

    public init(unicode: Bool = true, color: Bool = false, width: Int = OutputStyle.standardWidth) {
        self.unicode = unicode
        self.color = color
        self.width = width
    }
}

extension OutputStyle {
    /// The symbols GradLab's own reports use, with the ASCII each becomes when
    /// the terminal cannot show Unicode.
    static let asciiSymbols: [(String, String)] = [
        ("‖∇W‖₂", "|dW|_2"), ("‖∇W‖", "|dW|"), ("‖W‖₂", "|W|_2"), ("‖", "|"), ("∇", "d"),
        ("₂", "2"), ("²", "^2"),
        ("✓", "ok"), ("✗", "x"), ("↓", "v"), ("↑", "^"), ("∅", "0"), ("⚠", "!"), ("✂", "%"),
        ("≈", "~"),
        ("±", "+-"), ("→", "->"), ("×", "x"), ("—", "-"), ("–", "-"), ("…", "..."), ("≥", ">="),
        ("≤", "<="),
        ("Σ", "sum "), ("•", "*"), ("ᵀ", "^T"), ("▁", "_"), ("▂", "."), ("▃", "-"), ("▄", "-"),
        ("▅", "="),
        ("▆", "="), ("▇", "#"), ("█", "#"),
    ]

    /// `text` as this style can show it: unchanged with Unicode, transliterated to ASCII otherwise.
    public func shows(_ text: String) -> String {
        guard !unicode, text.unicodeScalars.contains(where: { !$0.isASCII }) else { return text }
        var out = text
        for (symbol, ascii) in OutputStyle.asciiSymbols where out.contains(symbol) {
            out = out.replacingOccurrences(symbol, ascii)
        }
        return out
    }
}
