/// A displayed value as a notebook keeps it: always its text form, and for a
/// plot its SVG, for a table its cells.
///
/// It is rendered when it is shown, since models and histories change afterwards.
struct NotebookValue {
    /// What the notebook can show besides text.
    enum Rich {
        case plain
        /// A standalone SVG document (`PlotValue.svg()`) and the plot's title.
        case plot(svg: String, title: String)
        case table(NotebookTable)
    }

    /// The value as the terminal shows it (Unicode, no colour, 80 columns).
    let text: String
    let rich: Rich
}
