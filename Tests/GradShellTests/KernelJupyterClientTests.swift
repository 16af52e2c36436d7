import Foundation
import XCTest

/// The kernel as Jupyter's own client library sees it: jupyter_client starts
/// it from an installed kernelspec, checks every signature and header it
/// receives, runs a cell, interrupts by message and shuts it down. Skipped,
/// with the reason printed, when no Python with jupyter_client is found
/// (`GRADLAB_JUPYTER_PYTHON`, else the venv scripts/test-jupyter makes).
final class KernelJupyterClientTests: XCTestCase {
    private static let script = #"""
        import sys, time
        from jupyter_client.manager import start_new_kernel

        km, kc = start_new_kernel(kernel_name="gradlab", startup_timeout=60)
        problems = []
        def expect(what, ok):
            if not ok:
                problems.append(what)
        try:
            info = kc.kernel_info(reply=True, timeout=10)["content"]
            expect("protocol_version", info["protocol_version"] == "5.3")
            expect("language_info", info["language_info"]["name"] == "grad")
            seen = []
            reply = kc.execute_interactive(
                "print(1)", timeout=60, output_hook=lambda m: seen.append(m["msg_type"]))
            expect("execute ok", reply["content"]["status"] == "ok")
            expect("execute_input published", "execute_input" in seen)
            km.interrupt_kernel()
            for name, call in [
                ("comm_info", lambda: kc.comm_info(reply=True, timeout=10)),
                ("history", lambda: kc.history(reply=True, timeout=10)),
                ("is_complete", lambda: (kc.is_complete("x"), kc.get_shell_msg(timeout=10))[1]),
                ("complete", lambda: kc.complete("pri", 3, reply=True, timeout=10)),
                ("inspect", lambda: kc.inspect("relu", 2, reply=True, timeout=10)),
            ]:
                r = call()
                expect(name + " reply", r["msg_type"] == name + "_reply")
            expect("alive", km.is_alive())
        finally:
            process = km.provisioner.process if km.provisioner else None
            kc.stop_channels()
            started = time.time()
            km.shutdown_kernel(now=False)
            took = time.time() - started
            code = process.poll() if process else None
        expect("shutdown exit code 0 (was %r)" % code, code == 0)
        expect("shutdown within 3 s (took %.1f)" % took, took < 3)
        if problems:
            print("FAILED: " + "; ".join(problems))
            sys.exit(1)
        print("jupyter_client: all good")
        """#

    private var root: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }

    /// A Python that imports jupyter_client, or nil.
    private func python() -> String? {
        var candidates = [root + "/.build/jupytervenv/bin/python"]
        if let chosen = ProcessInfo.processInfo.environment["GRADLAB_JUPYTER_PYTHON"] {
            candidates.insert(chosen, at: 0)
        }
        return candidates.first {
            Subprocess.run($0, ["-c", "import jupyter_client"]).status == 0
        }
    }

    func testJupyterClientDrivesTheKernel() throws {
        guard let python = python() else {
            let reason =
                "no Python with jupyter_client (set GRADLAB_JUPYTER_PYTHON, or run scripts/test-jupyter once)"
            print("KernelJupyterClientTests skipped: \(reason)")
            throw XCTSkip(reason)
        }
        let folder = NSTemporaryDirectory() + "gradlab-jupyter-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let install = Subprocess.run(
            Subprocess.gradlabBinary, ["kernel", "install", "--prefix", folder],
            mergingErrors: true)
        XCTAssertEqual(install.status, 0, install.output)
        try KernelJupyterClientTests.script.write(
            toFile: folder + "/check.py", atomically: true, encoding: .utf8)
        // Jupyter's folders under the temporary one: nothing of the user's is read or written.
        let r = Subprocess.run(
            "/usr/bin/env",
            [
                "JUPYTER_PATH=\(folder)/share/jupyter", "JUPYTER_RUNTIME_DIR=\(folder)/runtime",
                "JUPYTER_DATA_DIR=\(folder)/data", "JUPYTER_CONFIG_DIR=\(folder)/config",
                "JUPYTER_PLATFORM_DIRS=1", python, folder + "/check.py",
            ], mergingErrors: true)
        XCTAssertEqual(r.status, 0, r.output)
        XCTAssertTrue(r.output.contains("jupyter_client: all good"), r.output)
    }
}
