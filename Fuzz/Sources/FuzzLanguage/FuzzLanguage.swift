import FuzzSupport
import GradEngine
import GradLanguage

/// libFuzzer entry point: the input is a `.grad` program. It is lexed, parsed
/// and run under limits (a step budget, a small memory budget, files confined to
/// a private directory, output discarded, cancelled after 1 s as Ctrl-C would),
/// and its diagnostics are rendered.
/// Any crash, trap, sanitizer report, timeout or out-of-memory is a finding;
/// syntax and runtime errors are the expected outcome for most inputs.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLanguage(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzSandbox.prepare()
    let bytes = UnsafeBufferPointer(start: data, count: size)
    // Invalid UTF-8 becomes U+FFFD, as the lexer then sees it (gradlab itself
    // refuses such a file before lexing; the repaired text is the harder case).
    let text = String(decoding: bytes, as: UTF8.self)
    let source = Source(name: "fuzz.grad", text: text)

    // Cells and prose, as tours and notebooks split a script.
    for cell in ScriptCell.cells(of: source) { _ = cell.source(within: source) }

    do {
        let interpreter = Interpreter(output: { _ in })
        interpreter.maxSteps = 20_000
        interpreter.fileAccess = .workingDirectoryOnly
        // Plain ASCII for odd-length inputs, so both renderings are exercised.
        interpreter.style = OutputStyle(unicode: size % 2 == 0, color: size % 3 == 0, width: 80)
        let flag = interpreter.cancellation
        FuzzSandbox.withDeadline(seconds: 1, cancel: { flag.cancel() }) {
            switch interpreter.run(source) {
            case .syntaxErrors(let list):
                for d in list { _ = d.rendered(in: source, color: true) }
            case .runtimeError(let d):
                _ = d.rendered(in: source, color: false)
            case .success, .cancelled:
                break
            }
        }
    }
    FuzzSandbox.empty()
    FuzzSandbox.checkNoTensorsLeaked()
    return 0
}
