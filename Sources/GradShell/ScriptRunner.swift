import GradEngine
import GradLanguage

#if canImport(Glibc)
    import Glibc
#endif

/// `gradlab run`, `gradlab check`, `gradlab -e` and scripts on standard input.
enum ScriptRunner {
    /// Exit codes, as sysexits.h names them.
    enum Exit {
        static let ok: Int32 = 0, usage: Int32 = 64, syntax: Int32 = 65, noInput: Int32 = 66,
            runtime: Int32 = 70
        /// A notebook (`--notebook`) that cannot be written.
        static let cannotCreate: Int32 = 73
    }

    struct Options {
        var seed: UInt64?
        /// The step budget of each run (`--max-steps N`); nil for none.
        var maxSteps: Int?
        /// Colour in error reports; `style.color` is the same choice for displayed values.
        var color = false
        /// How displayed values draw (Unicode or ASCII, colour, width).
        var style = OutputStyle()
    }

    /// Runs a program and reports its errors; returns the exit code.
    static func run(
        _ source: Source, options: Options, output: @escaping (String) -> Void,
        errors: inout some TextOutputStream
    ) -> Int32 {
        let interpreter = makeInterpreter(options, output: output)
        return report(
            interpreter.run(source), source: source, color: options.color, errors: &errors)
    }

    /// Runs a program cell by cell, as `run` does, and writes it as a notebook
    /// to each of `files` (in its format), also when a cell fails (the
    /// notebook shows the error there). Returns the program's exit code, or `cannotCreate` when
    /// the notebook cannot be written. With syntax errors nothing runs and no
    /// notebook is written.
    static func runNotebook(
        _ source: Source, options: Options, to files: [(path: String, format: NotebookFormat)],
        output: @escaping (String) -> Void, errors: inout some TextOutputStream
    ) -> Int32 {
        for (path, _) in files {
            if let problem = NotebookFormat.problem(writingTo: path) {
                print("gradlab: \(problem)", to: &errors)
                return Exit.cannotCreate
            }
        }
        let recorder = NotebookRecorder(
            interpreter: makeInterpreter(options, output: output), echo: output)
        let (notebook, outcome) = recorder.record(script: source)
        let code = report(outcome, source: source, color: options.color, errors: &errors)
        guard let notebook else { return code }
        for (path, format) in files {
            do {
                _ = try format.write(notebook, to: path)
            } catch {
                print("gradlab: \(error)", to: &errors)
                return Exit.cannotCreate
            }
        }
        return code
    }

    /// An interpreter for a program run with `options`, printing to `output`.
    static func makeInterpreter(_ options: Options, output: @escaping (String) -> Void)
        -> Interpreter
    {
        let interpreter = Interpreter(output: output)
        interpreter.seedOverride = options.seed
        interpreter.maxSteps = options.maxSteps
        if let seed = options.seed { interpreter.rng = RandomGenerator(seed: seed) }
        interpreter.style = options.style
        return interpreter
    }

    static func report(
        _ outcome: Interpreter.Outcome, source: Source, color: Bool,
        errors: inout some TextOutputStream
    ) -> Int32 {
        switch outcome {
        case .success:
            return Exit.ok
        case .syntaxErrors(let list):
            for d in list { print(d.rendered(in: source, color: color), to: &errors) }
            let n = list.count
            print("\(n) syntax error\(n == 1 ? "" : "s") in \(source.name)", to: &errors)
            return Exit.syntax
        case .runtimeError(let d):
            print(d.rendered(in: source, color: color), to: &errors)
            return Exit.runtime
        case .cancelled:
            print("interrupted", to: &errors)
            return Exit.runtime
        }
    }

    /// Parses only; prints every syntax error.
    static func check(
        _ source: Source, color: Bool, output: inout some TextOutputStream,
        errors: inout some TextOutputStream
    ) -> Int32 {
        let (_, diagnostics) = Parser.parse(source)
        if diagnostics.isEmpty {
            print("\(source.name): no syntax errors", to: &output)
            return Exit.ok
        }
        return report(.syntaxErrors(diagnostics), source: source, color: color, errors: &errors)
    }

    /// Reads a program file: its text, or the exit code and message for why not.
    static func load(_ path: String) -> Result<Source, LoadFailure> {
        guard let file = fopen(path, "rb") else {
            return .failure(
                LoadFailure(
                    code: Exit.noInput,
                    message: "gradlab: cannot read '\(path)': \(String(cString: strerror(errno)))"))
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if n > 0 { bytes.append(contentsOf: chunk[0..<n]) }
            if n < chunk.count {
                if ferror(file) != 0 {
                    return .failure(
                        LoadFailure(
                            code: Exit.noInput,
                            message:
                                "gradlab: cannot read '\(path)': \(String(cString: strerror(errno)))"
                        ))
                }
                break
            }
            if bytes.count > 256 << 20 {
                return .failure(
                    LoadFailure(
                        code: Exit.noInput, message: "gradlab: '\(path)' is larger than 256 MiB"))
            }
        }
        return decode(bytes, name: path)
    }

    /// UTF-8 text, or a syntax error at the first invalid byte.
    static func decode(_ bytes: [UInt8], name: String) -> Result<Source, LoadFailure> {
        if let text = String(validating: bytes, as: UTF8.self) {
            return .success(Source(name: name, text: text))
        }
        var line = 1
        var column = 1
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let s):
                if s == "\n" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            case .emptyInput:
                break loop
            case .error:
                break loop
            }
        }
        return .failure(
            LoadFailure(
                code: Exit.syntax,
                message: "\(name):\(line):\(column): error: the file is not valid UTF-8 here"))
    }

    struct LoadFailure: Error {
        var code: Int32
        var message: String
    }
}
