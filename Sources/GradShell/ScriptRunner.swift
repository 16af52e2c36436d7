import GradEngine
import GradLanguage

#if canImport(Glibc)
    import Glibc
#endif

/// `gradlab run`, `gradlab check`, `gradlab -e` and scripts on standard input.
enum ScriptRunner {
    /// The largest script `load` (or standard input) reads, and how messages say it.
    static let maxScriptBytes = 256 << 20
    static let maxScriptSize = "256 MiB"

    /// Runs a program and reports its errors; returns how the command ends.
    static func run(
        _ source: Source, options: SessionOptions, output: @escaping (String) -> Void,
        errors: inout some TextOutputStream
    ) -> GradLabExit {
        let interpreter = options.makeInterpreter(output: output)
        return report(
            interpreter.run(source), source: source, color: options.color, errors: &errors)
    }

    /// Runs a program cell by cell, as `run` does, and writes it as a notebook
    /// to each of `files` (in its format), also when a cell fails (the
    /// notebook shows the error there). Returns the program's exit, or
    /// `cannotCreate` when the notebook cannot be written. With syntax errors
    /// nothing runs and no notebook is written.
    static func runNotebook(
        _ source: Source, options: SessionOptions,
        to files: [(path: String, format: NotebookFormat)],
        output: @escaping (String) -> Void, errors: inout some TextOutputStream
    ) -> GradLabExit {
        for (path, _) in files {
            if let problem = NotebookFormat.problem(writingTo: path) {
                print("gradlab: \(problem)", to: &errors)
                return .cannotCreate
            }
        }
        let recorder = NotebookRecorder(
            interpreter: options.makeInterpreter(output: output), echo: output)
        let (notebook, outcome) = recorder.record(script: source)
        let exit = report(outcome, source: source, color: options.color, errors: &errors)
        guard let notebook else { return exit }
        for (path, format) in files {
            do {
                _ = try format.write(notebook, to: path)
            } catch {
                print("gradlab: \(error)", to: &errors)
                return .cannotCreate
            }
        }
        return exit
    }

    /// Prints an outcome's report on `errors`; returns how the command ends.
    static func report(
        _ outcome: Interpreter.Outcome, source: Source, color: Bool,
        errors: inout some TextOutputStream
    ) -> GradLabExit {
        let report = ProgramReport(outcome, in: source, color: color)
        for line in report.lines { print(line, to: &errors) }
        return report.exit
    }

    /// Parses only; prints every syntax error.
    static func check(
        _ source: Source, color: Bool, output: inout some TextOutputStream,
        errors: inout some TextOutputStream
    ) -> GradLabExit {
        let (_, diagnostics) = Parser.parse(source)
        if diagnostics.isEmpty {
            print("\(source.name): no syntax errors", to: &output)
            return .ok
        }
        return report(.syntaxErrors(diagnostics), source: source, color: color, errors: &errors)
    }

    /// Reads a program file: its text, or the exit and message for why not.
    /// A FIFO (`gradlab run <(...)`, `/dev/stdin`) is read to its end.
    static func load(_ path: String) -> Result<Source, LoadFailure> {
        do {
            let bytes = try FileContents.read(
                path, limit: maxScriptBytes, acceptingStreams: true)
            return decode(bytes, name: path)
        } catch {
            let reason: String
            switch error {
            case .tooLarge:
                return .failure(
                    LoadFailure(
                        exit: .noInput,
                        message: "gradlab: '\(path)' is larger than \(maxScriptSize)"))
            case .noName: reason = FileReadFailure.systemReason(ENOENT)
            case .cannotOpen(let code), .cannotRead(let code):
                reason = FileReadFailure.systemReason(code)
            case .directory: reason = FileReadFailure.systemReason(EISDIR)
            case .notRegularFile: reason = "not a regular file"  // not thrown: streams are accepted
            }
            return .failure(
                LoadFailure(exit: .noInput, message: "gradlab: cannot read '\(path)': \(reason)"))
        }
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
                exit: .syntax,
                message: "\(name):\(line):\(column): error: the file is not valid UTF-8 here"))
    }

    /// Why a program could not be loaded: how the command ends, and what it prints.
    struct LoadFailure: Error {
        var exit: GradLabExit
        var message: String
    }
}
