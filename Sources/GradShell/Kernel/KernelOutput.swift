/// One thing a notebook cell shows while it runs; the kernel's transport
/// publishes each on the IOPub channel as the Jupyter message named in the case.
enum KernelOutput: Equatable {
    /// `stream`: text on `stdout` or `stderr` (`print` goes to `stdout`).
    case stream(KernelStreamName, text: String)
    /// `display_data`: a rich value. `displayID`, when set, names it for later
    /// `updateDisplay` (the live training progress line).
    case display(MIMEBundle, displayID: String?)
    /// `update_display_data`: replaces what an earlier `display` with this id shows.
    case updateDisplay(MIMEBundle, displayID: String)
    /// `execute_result`: the value of the cell's last expression, `Out[n]`.
    case executeResult(MIMEBundle, executionCount: Int)
    /// `clear_output`.
    case clearOutput(wait: Bool)
}

/// The two output streams of a cell.
enum KernelStreamName: String, Equatable {
    case stdout, stderr
}

/// A value in several forms, keyed by MIME type (`text/plain` is always one of
/// them; `text/html`, `image/svg+xml` where the value has them).
typealias MIMEBundle = [String: String]
