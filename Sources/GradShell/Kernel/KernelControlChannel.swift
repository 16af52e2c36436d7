import GradEngine

/// The control channel, served on its own thread so that its requests are
/// answered while a cell runs on the shell thread: `interrupt_request` (sets
/// the session's cancellation flag; the reply goes at once),
/// `kernel_info_request`, `shutdown_request` and `comm_info_request`.
/// Each gets status busy and idle on IOPub, as on the shell channel.
final class KernelControlChannel: @unchecked Sendable {
    // The socket is used by the control thread alone once `serve` starts.
    private let socket: ZMQSocket
    private let wire: KernelWire
    private let headers: KernelHeaderMaker
    private let publisher: KernelPublisher
    private let cancellation: CancellationFlag
    private let shutdown: KernelShutdown
    private let log: @Sendable (String) -> Void

    init(
        socket: ZMQSocket, wire: KernelWire, headers: KernelHeaderMaker,
        publisher: KernelPublisher, cancellation: CancellationFlag, shutdown: KernelShutdown,
        log: @escaping @Sendable (String) -> Void
    ) {
        self.socket = socket
        self.wire = wire
        self.headers = headers
        self.publisher = publisher
        self.cancellation = cancellation
        self.shutdown = shutdown
        self.log = log
    }

    /// Answers requests until shutdown, then closes the socket. With
    /// `forwardingSIGINT`, a Ctrl-C caught by `Interrupts` interrupts the
    /// cell too (the signal also ends the wait for a message early).
    func serve(forwardingSIGINT: Bool) {
        defer { socket.close() }
        while !shutdown.isRequested {
            if forwardingSIGINT && Interrupts.flag.isCancelled {
                Interrupts.flag.reset()
                cancellation.cancel()
            }
            do {
                guard try socket.poll(timeoutMilliseconds: KernelServer.pollMilliseconds) else {
                    continue
                }
                handle(try socket.receive())
            } catch {
                log("the control channel failed: \(error)")
                return
            }
        }
    }

    private func handle(_ frames: [[UInt8]]) {
        let request: KernelMessage
        switch wire.decode(frames) {
        case .success(let message): request = message
        case .failure(let error):
            log("rejected a message on the control channel: \(error)")
            return
        }
        publisher.status("busy", parent: request.header)
        defer { publisher.status("idle", parent: request.header) }
        let reply: KernelReply
        switch request.messageType {
        case "interrupt_request":
            cancellation.cancel()
            reply = KernelRequests.interruptReply
        case "kernel_info_request":
            reply = KernelReply(type: "kernel_info_reply", content: KernelInfo.reply)
        case "comm_info_request":
            reply = KernelReply(type: "comm_info_reply", content: KernelRequests.commInfo)
        case "shutdown_request":
            reply = KernelRequests.shutdown(request.content)
        default:
            log("unknown message type '\(request.messageType)' on the control channel: ignored")
            return
        }
        let message = KernelMessage(
            identities: request.identities, header: headers.header(reply.type),
            parentHeader: request.header, content: reply.content)
        do {
            try socket.send(wire.encode(message))
        } catch {
            log("cannot send \(reply.type) on the control channel: \(error)")
        }
        if reply.next == .shutDown { shutdown.begin() }
    }
}
