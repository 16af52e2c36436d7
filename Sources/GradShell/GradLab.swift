import GradEngine
import GradLanguage

#if canImport(Glibc)
    import Glibc
#endif

/// The `gradlab` command line.
public enum GradLab {
    public static let version = gradLabVersion

    static let usage = """
        usage: gradlab run FILE.grad [--seed N] [--max-steps N] [--max-memory SIZE] [--no-color]
                                                                                run a script
               gradlab run FILE.grad --notebook OUT.ipynb|OUT.md|OUT.html       run it and write it as a notebook
               gradlab check FILE.grad                                          report every syntax error
               gradlab -e CODE [--seed N] [--max-steps N]                       run a snippet
               gradlab tour [NAME]                                              list the walkthroughs, or step through one
               gradlab bench [--preset tiny|mnist|wide|deep] [--steps N] [--threads T] [--stats] [--json]
               gradlab kernel -f CONNECTION_FILE                                run as a Jupyter kernel (docs/jupyter.md)
               gradlab kernel install [--user | --prefix DIR | --sys-prefix] [--name NAME]
                                                                                make Jupyter offer GradLab
               gradlab kernel uninstall [the same options]                      remove it again
               gradlab --version
        With standard input not a terminal, `gradlab` runs it as a script.
        """

    /// Runs the command line `arguments` (without the program name), writing to
    /// standard output and error; returns the exit code.
    public static func main(_ arguments: [String]) -> Int32 {
        var err = StandardError()
        let environment = TerminalStyle.processEnvironment()
        return main(
            arguments,
            output: { line in
                var out = StandardOutput()
                out.write(line + "\n")
            }, errors: &err, stdinIsTerminal: isatty(0) != 0,
            readStandardInput: { () throws(FileReadFailure) in
                try FileContents.read(descriptor: 0, limit: ScriptRunner.maxScriptBytes)
            },
            environment: environment,
            terminalColumns: TerminalStyle.standardOutputColumns(environment))
    }

    /// The command line with its streams given (tests capture them); returns
    /// the exit code. `environment` holds the variables the output style reads
    /// (`TerminalStyle.variables`); `terminalColumns` is the width of standard
    /// output when it is a terminal.
    static func main(
        _ arguments: [String], output: @escaping (String) -> Void,
        errors: inout some TextOutputStream,
        stdinIsTerminal: Bool, readStandardInput: () throws(FileReadFailure) -> [UInt8],
        environment: [String: String] = [:], terminalColumns: Int? = nil
    ) -> Int32 {
        run(
            arguments, output: output, errors: &errors, stdinIsTerminal: stdinIsTerminal,
            readStandardInput: readStandardInput, environment: environment,
            terminalColumns: terminalColumns
        ).code
    }

    /// Prints `message` (and the usage text when `withUsage`) on `errors`; returns `exit`.
    private static func fail(
        _ exit: GradLabExit, _ message: String, withUsage: Bool = true,
        _ errors: inout some TextOutputStream
    ) -> GradLabExit {
        print(withUsage ? "\(message)\n\(usage)" : message, to: &errors)
        return exit
    }

    /// The command line, ending as the returned exit says.
    private static func run(
        _ arguments: [String], output: @escaping (String) -> Void,
        errors: inout some TextOutputStream,
        stdinIsTerminal: Bool, readStandardInput: () throws(FileReadFailure) -> [UInt8],
        environment: [String: String], terminalColumns: Int?
    ) -> GradLabExit {
        if arguments.first == "bench" {
            var out = LineStream(output)
            return BenchCommand.run(Array(arguments.dropFirst()), output: &out, errors: &errors)
        }
        if arguments.first == "kernel" {
            return KernelCommand.run(
                Array(arguments.dropFirst()), output: output, errors: &errors,
                environment: KernelCommand.processEnvironment())
        }
        var options = SessionOptions()
        // The budget is process-wide: each command line starts from the default.
        MemoryBudget.bytes = MemoryBudget.defaultBytes
        options.color =
            isatty(1) != 0 && isatty(2) != 0
            && (getenv("NO_COLOR").map { String(cString: $0).isEmpty } ?? true)
        var rest: [String] = []
        // Each --notebook adds a file: one run can write several formats.
        var notebooks: [(path: String, format: NotebookFormat)] = []
        var i = 0
        while i < arguments.count {
            let a = arguments[i]
            switch a {
            case "--seed":
                guard i + 1 < arguments.count, let n = UInt64(arguments[i + 1]) else {
                    return fail(.usage, "gradlab: --seed needs a whole number ≥ 0", &errors)
                }
                options.seed = n
                i += 1
            case "--max-steps":
                guard i + 1 < arguments.count, let n = Int(arguments[i + 1]), n >= 1 else {
                    return fail(.usage, "gradlab: --max-steps needs a whole number ≥ 1", &errors)
                }
                options.maxSteps = n
                i += 1
            case "--max-memory":
                guard i + 1 < arguments.count, let bytes = GradLab.byteSize(arguments[i + 1]) else {
                    return fail(
                        .usage,
                        "gradlab: --max-memory needs a size such as 512M, 2G or a number of bytes",
                        &errors)
                }
                MemoryBudget.bytes = bytes
                i += 1
            case "--no-color":
                options.color = false
            case "--notebook":
                guard i + 1 < arguments.count, !arguments[i + 1].isEmpty else {
                    return fail(
                        .usage, "gradlab: --notebook needs a file: OUT.ipynb, OUT.md or OUT.html",
                        &errors)
                }
                guard let format = NotebookFormat(path: arguments[i + 1]) else {
                    return fail(
                        .usage, "gradlab: \(NotebookFormat.unsupported(arguments[i + 1]))",
                        withUsage: false, &errors)
                }
                notebooks.append((arguments[i + 1], format))
                i += 1
            default:
                rest.append(a)
            }
            i += 1
        }
        options.style = TerminalStyle.detect(
            environment: environment, terminalColumns: terminalColumns, color: options.color)
        if !notebooks.isEmpty && !(rest.first == "run" || (rest.first?.hasSuffix(".grad") ?? false))
        {
            return fail(.usage, "gradlab: --notebook goes with `gradlab run FILE.grad`", &errors)
        }
        guard let command = rest.first else {
            if stdinIsTerminal { return Repl.run(options: options) }
            let bytes: [UInt8]
            do {
                bytes = try readStandardInput()
            } catch {
                let reason =
                    switch error {
                    case .tooLarge: "it is larger than \(ScriptRunner.maxScriptSize)"
                    case .cannotOpen(let code), .cannotRead(let code):
                        FileReadFailure.systemReason(code)
                    case .noName, .directory, .notRegularFile: "not a readable stream"
                    }
                return fail(
                    .noInput, "gradlab: cannot read standard input: \(reason)", withUsage: false,
                    &errors)
            }
            switch ScriptRunner.decode(bytes, name: "<stdin>") {
            case .success(let source):
                return ScriptRunner.run(source, options: options, output: output, errors: &errors)
            case .failure(let f):
                return fail(f.exit, f.message, withUsage: false, &errors)
            }
        }
        switch command {
        case "run", "check":
            guard rest.count == 2 else {
                return fail(.usage, "gradlab \(command): expected one FILE.grad", &errors)
            }
            switch ScriptRunner.load(rest[1]) {
            case .failure(let f):
                return fail(f.exit, f.message, withUsage: false, &errors)
            case .success(let source):
                if command == "check" {
                    var out = LineStream(output)
                    return ScriptRunner.check(
                        source, color: options.color, output: &out, errors: &errors)
                }
                if !notebooks.isEmpty {
                    return ScriptRunner.runNotebook(
                        source, options: options, to: notebooks, output: output, errors: &errors)
                }
                return ScriptRunner.run(source, options: options, output: output, errors: &errors)
            }
        case "-e":
            guard rest.count == 2 else {
                return fail(.usage, "gradlab -e: expected one CODE argument", &errors)
            }
            return ScriptRunner.run(
                Source(name: "<-e>", text: rest[1]), options: options, output: output,
                errors: &errors)
        case "tour":
            guard rest.count <= 2 else {
                return fail(
                    .usage, "gradlab tour: expected at most one walkthrough NAME", &errors)
            }
            guard let folder = Walkthrough.folder(environment: environment) else {
                return fail(
                    .noInput,
                    "gradlab tour: the walkthroughs folder was not found beside the gradlab executable; set GRADLAB_WALKTHROUGHS to it",
                    withUsage: false, &errors)
            }
            let list = Walkthrough.all(in: folder)
            guard rest.count == 2 else {
                output(Walkthrough.listing(list, width: terminalColumns))
                return .ok
            }
            guard let w = Walkthrough.find(rest[1], in: list) else {
                var m = "gradlab tour: no walkthrough '\(rest[1])'"
                if let near = Walkthrough.suggestion(for: rest[1], in: list) {
                    m += ": did you mean '\(near)'?"
                }
                return fail(.usage, m + " (gradlab tour lists them)", withUsage: false, &errors)
            }
            if stdinIsTerminal { return Repl.run(options: options, tour: w) }
            return Tour.runStraightThrough(w, options: options, output: output, errors: &errors)
        case "--version", "version":
            output("gradlab \(version)")
            return .ok
        case "-h", "--help", "help":
            output(usage)
            return .ok
        default:
            if command.hasSuffix(".grad") {
                // `gradlab FILE.grad`, as a #! line runs it (with the options given: --seed, --notebook...).
                return run(
                    ["run"] + arguments, output: output, errors: &errors,
                    stdinIsTerminal: stdinIsTerminal,
                    readStandardInput: readStandardInput, environment: environment,
                    terminalColumns: terminalColumns)
            }
            return fail(.usage, "gradlab: unknown command '\(command)'", &errors)
        }
    }

    /// "512M", "2G", "64K" or a plain number of bytes; nil for anything else.
    static func byteSize(_ text: String) -> Int? {
        let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40]
        var digits = text.uppercased()
        var scale = 1
        if digits.hasSuffix("B") { digits.removeLast() }
        if let last = digits.last, let unit = units[last] {
            scale = unit
            digits.removeLast()
        }
        guard let n = Int(digits), n >= 1 else { return nil }
        let (bytes, overflow) = n.multipliedReportingOverflow(by: scale)
        return overflow ? nil : bytes
    }
}

/// A TextOutputStream that hands whole lines to a closure.
struct LineStream: TextOutputStream {
    let sink: (String) -> Void
    private var pending = ""
    init(_ sink: @escaping (String) -> Void) { self.sink = sink }
    mutating func write(_ string: String) {
        pending += string
        while let newline = pending.firstIndex(of: "\n") {
            sink(String(pending[..<newline]))
            pending = String(pending[pending.index(after: newline)...])
        }
    }
}
