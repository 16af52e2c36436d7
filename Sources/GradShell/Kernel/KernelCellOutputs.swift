import GradLanguage

/// Where the interpreter's hooks send what a running cell shows: printed
/// lines as `stdout` streams, values displayed before the cell's last one as
/// `display_data` (drawn by the notebook export's renderer), and the live
/// progress line as a display updated in place.
final class KernelCellOutputs {
    private let send: (KernelOutput) -> Void
    private let renderer: NotebookRenderer
    private let progress: KernelProgressDisplay

    init(
        renderer: NotebookRenderer, makeDisplayID: @escaping () -> String,
        send: @escaping (KernelOutput) -> Void
    ) {
        self.send = send
        self.renderer = renderer
        progress = KernelProgressDisplay(send: send, makeID: makeDisplayID)
    }

    /// A cell's outputs that go nowhere (a `silent` cell's).
    static func discarding(renderer: NotebookRenderer) -> KernelCellOutputs {
        KernelCellOutputs(renderer: renderer, makeDisplayID: { "" }, send: { _ in })
    }

    /// A line `print` (or a training announcement) wrote.
    func printed(_ line: String) {
        send(.stream(.stdout, text: line + "\n"))
    }

    /// Text for the cell's `stdout` that is not from the program (`:vars`, `:time`).
    func say(_ lines: [String]) {
        guard !lines.isEmpty else { return }
        send(.stream(.stdout, text: lines.joined(separator: "\n") + "\n"))
    }

    /// A value shown before the cell's end: `display_data`, as the notebook
    /// export keeps it.
    func displayed(_ value: Value) {
        send(.display(renderer.render(value).mimeBundle, displayID: nil))
    }

    /// The cell's own value: `execute_result`, `Out[n]`.
    func result(_ value: Value, executionCount: Int) {
        send(.executeResult(renderer.render(value).mimeBundle, executionCount: executionCount))
    }

    /// A chunk of the live progress line.
    func progressed(_ chunk: String) { progress.receive(chunk) }

    /// The cell is over: a progress line held back goes out.
    func finish() { progress.end() }
}
