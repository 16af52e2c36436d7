@testable import GradShell

/// A cell run in a kernel session: how it ended and what it published, in order.
struct KernelRun {
    var execution: KernelExecution
    var outputs: [KernelOutput]

    /// The `stdout` text, streams joined.
    var stdout: String {
        outputs.map { output -> String in
            if case .stream(.stdout, let text) = output { return text }
            return ""
        }.joined()
    }

    /// The `execute_result` bundle, if any.
    var result: MIMEBundle? {
        for case .executeResult(let bundle, _) in outputs { return bundle }
        return nil
    }

    /// The `display_data` bundles without a display id (values shown mid-cell).
    var displays: [MIMEBundle] {
        outputs.compactMap { output in
            if case .display(let bundle, nil) = output { return bundle }
            return nil
        }
    }

    /// The error's `ename`, `evalue` and traceback, if the cell failed.
    var error: (ename: String, evalue: String, traceback: [String])? {
        if case .error(let ename, let evalue, let traceback) = execution.status {
            return (ename, evalue, traceback)
        }
        return nil
    }
}

extension KernelSession {
    /// Runs `code` as a frontend's `execute_request` would, keeping what it publishes.
    func run(_ code: String, silent: Bool = false, storeHistory: Bool = true) -> KernelRun {
        var outputs: [KernelOutput] = []
        let execution = execute(code, silent: silent, storeHistory: storeHistory) {
            outputs.append($0)
        }
        return KernelRun(execution: execution, outputs: outputs)
    }
}
