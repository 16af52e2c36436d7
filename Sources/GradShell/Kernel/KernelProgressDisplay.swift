/// The live progress line of `train` and `try_remedies` in a cell, as
/// Jupyter shows it: a `display_data` with a display id, then
/// `update_display_data` with that id as the line changes, so it updates in
/// place.
///
/// It reads the interpreter's `progress` hook, which draws for a terminal:
/// each state is "\r\u{1B}[K" and the line, and a bare "\r\u{1B}[K" clears
/// it, at the end of a run (after a final line with the time taken) or
/// before a live finding prints. A clear ends the display: it keeps the last
/// line it showed, and the next line opens a new display below what was
/// printed meanwhile. Updates go out at most ten a second; a line held back
/// goes out when the display ends, so it always shows the final state.
///
/// Besides `text/plain`, the bundle carries the line as `text/x-gradlab-progress`,
/// which no frontend renders: it lets a program reading a saved notebook tell
/// the progress line from the cell's values (a display id is not saved).
final class KernelProgressDisplay {
    /// The MIME type that marks the progress line.
    static let mimeType = "text/x-gradlab-progress"
    /// The most updates a second.
    static let updatesPerSecond = 10.0
    /// What a terminal line starts with: carriage return, erase to end of line.
    static let redraw = "\r\u{1B}[K"

    private let send: (KernelOutput) -> Void
    private let makeID: () -> String
    /// The display showing now, if any.
    private var id: String?
    /// The last line that arrived, when it has not been sent yet.
    private var held: String?
    private var lastSent = -Double.infinity

    /// A display sending through `send`; `makeID` names each new display.
    init(send: @escaping (KernelOutput) -> Void, makeID: @escaping () -> String) {
        self.send = send
        self.makeID = makeID
    }

    /// One chunk the `progress` hook was given.
    func receive(_ chunk: String) {
        var line = Substring(chunk)
        while line.hasPrefix(KernelProgressDisplay.redraw) {
            line = line.dropFirst(KernelProgressDisplay.redraw.count)
        }
        if line.isEmpty {
            end()
            return
        }
        held = String(line)
        let now = Stopwatch.now()
        if id == nil || now - lastSent >= 1 / KernelProgressDisplay.updatesPerSecond {
            flush(at: now)
        }
    }

    /// Sends the line held back, if any, and closes the display: the next
    /// line opens a new one.
    func end() {
        flush(at: Stopwatch.now())
        id = nil
    }

    private func flush(at now: Double) {
        guard let line = held else { return }
        held = nil
        lastSent = now
        let bundle = ["text/plain": line, KernelProgressDisplay.mimeType: line]
        if let id {
            send(.updateDisplay(bundle, displayID: id))
        } else {
            let new = makeID()
            id = new
            send(.display(bundle, displayID: new))
        }
    }
}
