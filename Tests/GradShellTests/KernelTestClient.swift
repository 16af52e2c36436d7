import Foundation
import GradEngine

@testable import GradShell

/// A Jupyter client made of the kernel's own ZeroMQ wrapper: DEALER sockets
/// on shell and control, SUB on IOPub, REQ on the heartbeat. It signs with
/// the connection's key and checks the kernel's signatures on every message.
final class KernelTestClient {
    enum Channel { case shell, control }

    let context: ZMQContext
    let shell: ZMQSocket
    let control: ZMQSocket
    let iopub: ZMQSocket
    let heartbeat: ZMQSocket
    var wire: KernelWire
    let headers = KernelHeaderMaker(session: "test-client", username: "test")

    init(_ connection: KernelConnection) throws {
        context = try ZMQContext()
        shell = try ZMQSocket(context, .dealer, lingerMilliseconds: 0)
        control = try ZMQSocket(context, .dealer, lingerMilliseconds: 0)
        iopub = try ZMQSocket(context, .subscriber, lingerMilliseconds: 0)
        heartbeat = try ZMQSocket(context, .request, lingerMilliseconds: 0)
        try iopub.subscribe()
        try shell.connect(connection.endpoint(connection.shellPort))
        try control.connect(connection.endpoint(connection.controlPort))
        try iopub.connect(connection.endpoint(connection.iopubPort))
        try heartbeat.connect(connection.endpoint(connection.heartbeatPort))
        wire = KernelWire(key: connection.key)
    }

    deinit {
        for s in [shell, control, iopub, heartbeat] { s.close() }
        context.terminate()
    }

    /// Sends a request; returns its header (the parent of what answers it).
    @discardableResult
    func send(_ type: String, _ content: JSONValue = .object([]), on channel: Channel = .shell)
        throws -> JSONValue
    {
        let header = headers.header(type)
        try socket(channel).send(wire.encode(KernelMessage(header: header, content: content)))
        return header
    }

    /// The next message on `channel` within `seconds`, checked and decoded.
    func reply(on channel: Channel = .shell, seconds: Double = 10) throws -> KernelMessage? {
        try receive(socket(channel), seconds: seconds)
    }

    /// IOPub messages answering `parent`, up to its `idle` status (included).
    func iopub(until parent: JSONValue, seconds: Double = 10) throws -> [KernelMessage] {
        var out: [KernelMessage] = []
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            guard let m = try receive(iopub, seconds: deadline.timeIntervalSinceNow) else { break }
            guard m.parentHeader["msg_id"] == parent["msg_id"] else { continue }
            out.append(m)
            if m.messageType == "status" && m.content["execution_state"] == .string("idle") {
                break
            }
        }
        return out
    }

    /// Sends kernel_info requests until IOPub delivers their status messages
    /// (a SUB socket misses what is published before it has joined), as
    /// jupyter_client's wait_for_ready does.
    func waitUntilReady(seconds: Double = 20) throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let request = try send("kernel_info_request")
            guard try reply(seconds: deadline.timeIntervalSinceNow) != nil else { return false }
            if try !iopub(until: request, seconds: 0.5).isEmpty { return true }
        }
        return false
    }

    /// Raw frames on the shell channel (for messages the kernel must refuse).
    func sendFrames(_ frames: [[UInt8]]) throws { try shell.send(frames) }

    private func socket(_ channel: Channel) -> ZMQSocket {
        channel == .shell ? shell : control
    }

    private func receive(_ socket: ZMQSocket, seconds: Double) throws -> KernelMessage? {
        guard try socket.poll(timeoutMilliseconds: max(0, Int(seconds * 1000))) else { return nil }
        let frames = try socket.receive()
        switch wire.decode(frames) {
        case .success(let m): return m
        case .failure(let e): throw e
        }
    }
}
