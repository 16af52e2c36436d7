import Foundation
import XCTest

@testable import GradLanguage
@testable import GradShell

/// What the training-export tests share: a program run in a fresh
/// interpreter, the figures the exported script prints, and a free port for
/// torchrun's rendezvous.
enum TrainingRunScript {
    /// Runs `text` in a fresh interpreter; what it printed, or its error.
    static func runProgram(_ text: String) -> (printed: [String], error: String?) {
        var printed: [String] = []
        let interpreter = Interpreter(output: { printed.append($0) })
        switch interpreter.run(Source(name: "t", text: text)) {
        case .success: return (printed, nil)
        case .runtimeError(let d): return (printed, d.message)
        case .syntaxErrors(let list): return (printed, list.map(\.message).joined(separator: "; "))
        case .cancelled: return (printed, "cancelled")
        }
    }

    /// A printed list of numbers (`print(h.loss)`) as numbers.
    static func numbers(_ text: String) throws -> [Double] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [Double], text)
    }

    /// The numbers after `key` on the script's "epoch N" lines.
    static func epochFigures(_ out: String, _ key: String) -> [Double] {
        out.split(separator: "\n").filter { $0.hasPrefix("epoch ") }.compactMap { line in
            let words = line.split(separator: " ")
            guard let i = words.firstIndex(of: Substring(key)), i + 1 < words.count else {
                return nil
            }
            return Double(words[i + 1])
        }
    }

    /// The first epoch's gradient-norm line: the steps it averages, and each
    /// layer's figure by GradLab's layer name.
    static func firstGradNorms(_ out: String) throws -> (steps: Int, norms: [String: Double]) {
        let marker = "  grad norms (as h.grad_norms, mean of the epoch's "
        let line = try XCTUnwrap(
            out.split(separator: "\n").first { $0.hasPrefix(marker) }, "no grad norms in \(out)")
        let rest = line.dropFirst(marker.count)
        let words = rest.split(separator: " ")
        let steps = try XCTUnwrap(words.first.flatMap { Int($0) }, String(line))
        var norms: [String: Double] = [:]
        let pairs = Array(words.drop { !$0.hasSuffix("):") }.dropFirst())
        for k in stride(from: 0, to: pairs.count - 1, by: 2) {
            norms[String(pairs[k])] = Double(pairs[k + 1])
        }
        return (steps, norms)
    }

    /// The model outputs the script printed for the first sample.
    static func firstOutputs(_ out: String) throws -> [Double] {
        let marker = "outputs for the first sample: "
        let line = try XCTUnwrap(
            out.split(separator: "\n").first { $0.hasPrefix(marker) }, out)
        return try numbers(String(line.dropFirst(marker.count)))
    }

    /// Runs `python -m torch.distributed.run arguments` (torchrun), its
    /// errors with its output, under timeout(1) when there is one: a run that
    /// hangs (a rendezvous or a collective waiting for a process that died)
    /// fails after `seconds`, with what it printed, instead of holding up the suite.
    static func torchrun(_ python: String, _ arguments: [String], seconds: Int = 300) -> (
        status: Int32, output: String
    ) {
        let command = ["-m", "torch.distributed.run"] + arguments
        let timeout = "/usr/bin/timeout"
        guard FileManager.default.isExecutableFile(atPath: timeout) else {
            return Subprocess.run(python, command, mergingErrors: true)
        }
        return Subprocess.run(
            timeout, ["--kill-after=10", "\(seconds)", python] + command, mergingErrors: true)
    }

    /// A TCP port on 127.0.0.1 that nothing listens on now (the system's
    /// choice for port 0), for a rendezvous that must be named in advance.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw XCTSkip("no socket for a free port") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(fd, raw, length) == 0 && getsockname(fd, raw, &length) == 0
            }
        }
        guard bound else { throw XCTSkip("no free port on 127.0.0.1") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
