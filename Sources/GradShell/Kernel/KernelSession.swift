import GradEngine
import GradLanguage

/// The language side of the Jupyter kernel: one interpreter for the whole
/// kernel process, so state persists across cells exactly as in the REPL.
/// The transport (ZeroMQ, message signing, channels) calls these methods and
/// publishes what they return; nothing here knows about sockets.
///
/// The interpreter is set up as the REPL's: a top-level `let` may rebind a
/// name, cells are named `In[n]` in error reports, and `cancellation` is
/// its Ctrl-C. Values are drawn as the notebook export draws them
/// (`NotebookRenderer`), so a notebook GradLab writes and the same cells run
/// here show the same things. Only `cancellation` may be used from another
/// thread while a method runs.
final class KernelSession {
    /// Set by the transport on `interrupt_request` (and by SIGINT); training
    /// polls it between steps. `execute` resets it when a cell starts.
    let cancellation = CancellationFlag()

    /// The number the next cell that stores history gets (`In [n]`,
    /// `execution_count`).
    private(set) var nextExecutionCount = 1

    /// The one interpreter of the kernel.
    let interpreter: Interpreter
    /// Draws values and errors as the notebook export does.
    let renderer: NotebookRenderer
    /// The cells run with `store_history`.
    private(set) var history = KernelHistory()
    /// Where the interpreter's hooks send the running cell's outputs; nil
    /// between cells, when nothing runs.
    private var running: KernelCellOutputs?
    /// Names the cells that do not store history, which get no `In[n]`.
    private var unnumberedCells = 0
    /// Makes display ids unique within the kernel and across kernels.
    private let displayPrefix = "gradlab-\(String(UInt64.random(in: 0...UInt64.max), radix: 16))"
    private var displays = 0

    /// What the progress line says stops a run, instead of the REPL's Ctrl-C.
    static let progressHint = "interrupt the kernel to stop"

    /// A session whose interpreter reads `environment` as `gradlab run` does
    /// for what applies to a notebook: `GRADLAB_HIDE_TIMES` (no wall-clock
    /// times in values, as in the walkthroughs' golden outputs).
    init(environment: [String: String] = TerminalStyle.processEnvironment()) {
        var options = SessionOptions()
        options.allowsRedefinition = true
        options.cancellation = cancellation
        options.style = NotebookRenderer.style
        options.style.times = !TerminalStyle.isSet(environment["GRADLAB_HIDE_TIMES"])
        interpreter = options.makeInterpreter(output: { _ in })
        renderer = NotebookRenderer(interpreter: interpreter)
        interpreter.progressHint = KernelSession.progressHint
        interpreter.output = { [weak self] line in self?.running?.printed(line) }
        interpreter.richDisplay = { [weak self] value in
            guard let outputs = self?.running else { return false }
            outputs.displayed(value)
            return true
        }
        interpreter.progress = { [weak self] chunk in self?.running?.progressed(chunk) }
    }

    /// Runs one cell, calling `publish` for each output as it happens, on the
    /// calling thread (the cell runs on threads of its own meanwhile).
    /// `silent` cells publish nothing and never store history; only cells
    /// that store history advance the count (as the protocol's
    /// `execution_count` says), and the others report the count the next
    /// stored cell will get.
    func execute(
        _ code: String, silent: Bool, storeHistory: Bool,
        publish: (KernelOutput) -> Void
    ) -> KernelExecution {
        cancellation.reset()
        let stores = storeHistory && !silent
        let count = nextExecutionCount
        let name: String
        if stores {
            nextExecutionCount += 1
            history.append(code, line: count)
            name = ReplSession.entryName(count)
        } else {
            unnumberedCells += 1
            name = "<cell \(unnumberedCells)>"
        }
        let pump = KernelOutputPump()
        let outputs =
            silent
            ? KernelCellOutputs.discarding(renderer: renderer)
            : KernelCellOutputs(renderer: renderer, makeDisplayID: newDisplayID, send: pump.send)
        running = outputs
        defer { running = nil }
        let cell = KernelCell(code: code, name: name, number: count, numbered: stores)
        var status = KernelExecution.Status.ok
        pump.run(
            {
                status = run(cell, outputs)
                outputs.finish()
            }, publish: publish)
        return KernelExecution(status: status, executionCount: count)
    }

    /// Runs a cell's code, or the `:` command it is.
    private func run(_ cell: KernelCell, _ outputs: KernelCellOutputs) -> KernelExecution.Status {
        if let command = MetaCommand(cell.code) { return run(command, in: cell, outputs) }
        return runCode(cell.code, of: cell, outputs)
    }

    /// Runs `code` as cell `cell` (its whole code, or what `:time` times):
    /// its last value is the cell's result, `Out[n]`.
    func runCode(_ code: String, of cell: KernelCell, _ outputs: KernelCellOutputs)
        -> KernelExecution.Status
    {
        let source = Source(name: cell.name, text: code)
        let (outcome, value) = interpreter.runEntry(source)
        outputs.finish()
        if let error = renderer.error(outcome, in: source) { return error.status }
        if let value {
            if cell.numbered { interpreter.recordResult(value, ofEntry: cell.number) }
            outputs.result(value, executionCount: cell.number)
        }
        return .ok
    }

    private func newDisplayID() -> String {
        displays += 1
        return "\(displayPrefix)-\(displays)"
    }
}
