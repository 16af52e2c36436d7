#if canImport(Glibc)
    import Glibc
#endif

/// Every way a `gradlab` command ends, with its exit code: the one place the
/// codes are written, as swift-argument-parser's `ExitCode` keeps them. The
/// numbers are sysexits.h's; several ends share one (a runtime error, an
/// interrupted run and a failed benchmark are all 70, EX_SOFTWARE).
/// `ProgramReport` pairs a program's outcome with its message and end.
public enum GradLabExit: CaseIterable, Sendable {
    /// The command did what it was asked (also `check` with no syntax errors).
    case ok
    /// A bad command line: an unknown command or option, a missing or extra
    /// argument, a bad value (EX_USAGE).
    case usage
    /// Syntax errors, or a script that is not valid UTF-8 (EX_DATAERR).
    case syntax
    /// `gradlab kernel -f FILE`: the connection file is not one a kernel can
    /// use (not JSON, a field missing or wrong, an unknown signature scheme);
    /// as syntax errors (EX_DATAERR).
    case badConnectionFile
    /// The script, the walkthroughs folder, a kernel's connection file or the
    /// kernelspec to uninstall cannot be found or read (EX_NOINPUT).
    case noInput
    /// This machine cannot run gradlab: the CPU lacks the x86-64-v3 features,
    /// or the terminal cannot be set up for line editing (EX_UNAVAILABLE).
    case unavailable
    /// `gradlab kernel`: a channel of the connection file cannot be listened
    /// on (its port is in use...); as `unavailable` (EX_UNAVAILABLE).
    case cannotListen
    /// The program stopped with a runtime error (EX_SOFTWARE).
    case runtimeError
    /// The program was interrupted (Ctrl-C) before it finished; as a runtime error.
    case interrupted
    /// `gradlab bench` could not run its benchmark; as a runtime error.
    case benchmarkFailed
    /// A `--notebook` file or a kernelspec cannot be written (EX_CANTCREAT).
    case cannotCreate

    /// The process exit code.
    public var code: Int32 {
        switch self {
        case .ok: 0
        case .usage: 64
        case .syntax, .badConnectionFile: 65
        case .noInput: 66
        case .unavailable, .cannotListen: 69
        case .runtimeError, .interrupted, .benchmarkFailed: 70
        case .cannotCreate: 73
        }
    }

    /// What an interrupted run prints, wherever it was interrupted.
    static let interruptedMessage = "interrupted"

    /// Why gradlab refuses to start on a CPU without x86-64-v3 (exit `unavailable`).
    public static let unsupportedCPUMessage =
        "gradlab: this build needs an x86-64-v3 CPU (AVX2 and FMA: Intel Haswell, AMD Zen or newer)"

    /// Why the REPL cannot start on this terminal (exit `unavailable`).
    static let terminalUnavailableMessage =
        "gradlab: the terminal could not be set up for line editing"

    /// Writes `message` and a newline to standard error, then ends the process
    /// with this exit's code. Nothing here runs engine code, so it is safe
    /// before the CPU check has passed.
    public func terminate(printing message: String) -> Never {
        let line = message + "\n"
        _ = line.withCString { write(2, $0, strlen($0)) }
        GradLabExit.terminate(code)
    }

    /// Ends the process with `code` (what `GradLab.main` returned).
    public static func terminate(_ code: Int32) -> Never {
        exit(code)
    }
}
