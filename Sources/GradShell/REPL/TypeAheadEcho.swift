#if canImport(Glibc)
    import Glibc
#endif

/// The terminal's echo while an entry runs: off, so that text typed ahead
/// during training is not echoed onto the progress line by the terminal and
/// then shown again by the next prompt.
///
/// Between prompts the terminal is in its own cooked mode, which echoes every
/// key as it arrives, wherever the cursor is: on the live progress line. The
/// keys themselves wait in the input queue, and libedit reads and shows them
/// at the next prompt (after the progress line was cleared). With echo off in
/// between, that is the one place they appear.
final class TypeAheadEcho {
    /// The settings before echo was turned off; nil while echo is as found.
    private var saved: termios?

    /// Turns the terminal's echo off (standard input must be a terminal).
    func suppress() {
        guard saved == nil, isatty(0) != 0 else { return }
        var settings = termios()
        guard tcgetattr(0, &settings) == 0 else { return }
        var quiet = settings
        quiet.c_lflag &= ~tcflag_t(ECHO | ECHONL)
        // TCSANOW: keys already typed stay queued for the next prompt.
        if tcsetattr(0, TCSANOW, &quiet) == 0 { saved = settings }
    }

    /// Gives the echo back as it was.
    func restore() {
        guard var settings = saved else { return }
        _ = tcsetattr(0, TCSANOW, &settings)
        saved = nil
    }

    deinit { restore() }
}
