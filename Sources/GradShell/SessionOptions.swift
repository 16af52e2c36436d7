import GradEngine
import GradLanguage

/// How an interpreter is set up from the command line. Scripts, `-e`,
/// notebooks, tours and the REPL all get their interpreter from
/// `makeInterpreter(output:)`, so an option means the same everywhere.
struct SessionOptions {
    /// `--seed N`: the generator starts from it, and `seed(n)` in a program uses it instead.
    var seed: UInt64?
    /// The step budget of each run (`--max-steps N`); nil for none.
    var maxSteps: Int?
    /// Colour in error reports; `style.color` is the same choice for displayed values.
    var color = false
    /// How displayed values draw (Unicode or ASCII, colour, width).
    var style = OutputStyle()
    /// The flag Ctrl-C sets (the REPL's); nil gives the interpreter a flag of
    /// its own that nothing sets.
    var cancellation: CancellationFlag?
    /// Where the live training progress line goes (the REPL on a terminal); nil for nowhere.
    var progress: ((String) -> Void)?
    /// Whether a top-level `let` may rebind a name (the REPL, so entries can be re-run).
    var allowsRedefinition = false

    /// A new interpreter with these options, printing to `output`.
    func makeInterpreter(output: @escaping (String) -> Void) -> Interpreter {
        let interpreter = Interpreter(output: output)
        interpreter.seedOverride = seed
        if let seed { interpreter.rng = RandomGenerator(seed: seed) }
        interpreter.maxSteps = maxSteps
        interpreter.style = style
        if let cancellation { interpreter.cancellation = cancellation }
        interpreter.progress = progress
        interpreter.allowsRedefinition = allowsRedefinition
        return interpreter
    }
}
