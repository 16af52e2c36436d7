import Foundation
import GradEngine

@testable import GradShell

/// `gradlab kernel -f FILE` started from a test, with a connection file in a
/// temporary folder and its standard error kept in a file there.
final class KernelTestProcess {
    let folder: String
    let connection: KernelConnection
    private(set) var pid: pid_t = 0
    private var exitStatus: Int32?

    /// A connection over `transport`: ipc sockets in the folder, or tcp on
    /// ports the system says are free.
    init(transport: String = "ipc", key: String = "secret-key") throws {
        folder = NSTemporaryDirectory() + "gradlab-kernel-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let ports = transport == "tcp" ? try KernelTestProcess.freePorts(5) : [1, 2, 3, 4, 5]
        connection = KernelConnection(
            transport: transport, ip: transport == "tcp" ? "127.0.0.1" : folder + "/k",
            shellPort: ports[0], iopubPort: ports[1], stdinPort: ports[2],
            controlPort: ports[3], heartbeatPort: ports[4], key: key,
            signatureScheme: "hmac-sha256")
    }

    var connectionFile: String { folder + "/kernel.json" }
    var stderrFile: String { folder + "/stderr.txt" }

    /// What the kernel has written on standard error so far.
    var standardError: String {
        (try? String(contentsOfFile: stderrFile, encoding: .utf8)) ?? ""
    }

    /// Writes the connection file and starts the binary.
    func start(binary: String = Subprocess.gradlabBinary) throws {
        let c = connection
        let json: JSONValue = .object([
            JSONMember("transport", .string(c.transport)), JSONMember("ip", .string(c.ip)),
            JSONMember("shell_port", .int(c.shellPort)),
            JSONMember("iopub_port", .int(c.iopubPort)),
            JSONMember("stdin_port", .int(c.stdinPort)),
            JSONMember("control_port", .int(c.controlPort)),
            JSONMember("hb_port", .int(c.heartbeatPort)), JSONMember("key", .string(c.key)),
            JSONMember("signature_scheme", .string(c.signatureScheme)),
        ])
        try json.compactText.write(toFile: connectionFile, atomically: true, encoding: .utf8)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(
            &actions, 2, stderrFile, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let words: [String] = [binary, "kernel", "-f", connectionFile]
        let argv = words.map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        let spawned = posix_spawn(&pid, binary, &actions, nil, argv, environ)
        guard spawned == 0 else {
            throw NSError(domain: "KernelTestProcess", code: Int(spawned))
        }
    }

    /// The exit code once the process has ended within `seconds` (128 + the
    /// signal when killed), nil while it still runs.
    func waitForExit(seconds: Double) -> Int32? {
        if let exitStatus { return exitStatus }
        let deadline = Date().addingTimeInterval(seconds)
        repeat {
            var status: Int32 = 0
            let done = waitpid(pid, &status, WNOHANG)
            if done == pid {
                let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
                exitStatus = code
                return code
            }
            usleep(20_000)
        } while Date() < deadline
        return nil
    }

    /// Kills the kernel if it still runs, and removes the folder.
    func stop() {
        if pid > 0 && waitForExit(seconds: 0) == nil {
            kill(pid, SIGKILL)
            _ = waitForExit(seconds: 5)
        }
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// `count` distinct tcp ports on 127.0.0.1 that were free a moment ago.
    static func freePorts(_ count: Int) throws -> [Int] {
        let context = try ZMQContext()
        defer { context.terminate() }
        var sockets: [ZMQSocket] = []
        var ports: [Int] = []
        for _ in 0..<count {
            let s = try ZMQSocket(context, .router, lingerMilliseconds: 0)
            try s.bind("tcp://127.0.0.1:*")
            sockets.append(s)
            let endpoint = s.lastEndpoint() ?? ""
            ports.append(Int(endpoint.split(separator: ":").last ?? "") ?? 0)
        }
        for s in sockets { s.close() }
        return ports
    }
}
