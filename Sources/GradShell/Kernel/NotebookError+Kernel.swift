extension NotebookError {
    /// The error as an `execute_reply` carries it: `ename` its kind
    /// ("SyntaxError", "RuntimeError", "Interrupted"), `evalue` its one-line
    /// message, and `traceback` the REPL's report, one line each, no colour.
    var status: KernelExecution.Status {
        .error(ename: name, evalue: message, traceback: reportLines)
    }
}
