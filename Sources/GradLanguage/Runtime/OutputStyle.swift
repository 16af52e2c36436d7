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

    /// The width used when the output is not a terminal.
    public static let standardWidth = 80

    public init(unicode: Bool = true, color: Bool = false, width: Int = OutputStyle.standardWidth) {
        self.unicode = unicode
        self.color = color
        self.width = width
    }
}
