import CZeroMQ
import GradEngine

#if canImport(Glibc)
    import Glibc
#endif

/// The running kernel: the five ZeroMQ sockets of a connection file, served
/// until a `shutdown_request`.
///
/// The calling thread serves the shell channel (cells run there, one at a
/// time, in the one `KernelSession`); the control channel and the heartbeat
/// have threads of their own, so `interrupt_request` and heartbeats are
/// answered while a cell runs. IOPub is shared under a lock
/// (`KernelPublisher`); the stdin channel is bound but never asked for input
/// (no GradLab builtin reads input).
final class KernelServer {
    /// How long a channel waits for a message before looking at the stop flag.
    static let pollMilliseconds = 100
    private let context: ZMQContext
    private let shell: ZMQSocket
    private let stdin: ZMQSocket
    private let control: KernelControlChannel
    private let heartbeat: KernelHeartbeat
    private let publisher: KernelPublisher
    private let wire: KernelWire
    private let headers: KernelHeaderMaker
    private let handler: KernelShellHandler
    private let shutdown: KernelShutdown
    private let log: @Sendable (String) -> Void

    /// Binds every channel of `connection`; the sockets are not served until `serve`.
    static func start(
        _ connection: KernelConnection, session: KernelSession,
        log: @escaping @Sendable (String) -> Void
    ) -> Result<KernelServer, KernelStartFailure> {
        do throws(KernelStartFailure) {
            return .success(try KernelServer(connection, session: session, log: log))
        } catch {
            return .failure(error)
        }
    }

    private init(
        _ connection: KernelConnection, session: KernelSession,
        log: @escaping @Sendable (String) -> Void
    ) throws(KernelStartFailure) {
        let context: ZMQContext
        do {
            context = try ZMQContext()
        } catch {
            throw .zeroMQ(error)
        }
        self.context = context
        func bound(_ kind: ZMQSocket.Kind, _ channel: String, _ port: Int)
            throws(KernelStartFailure) -> ZMQSocket
        {
            try KernelServer.socket(kind, channel, port, of: connection, in: context)
        }
        wire = KernelWire(key: connection.key)
        headers = KernelHeaderMaker(
            username: getenv("USER").map { String(cString: $0) } ?? "gradlab")
        shutdown = KernelShutdown(cancellation: session.cancellation, log: log)
        self.log = log
        shell = try bound(.router, "shell", connection.shellPort)
        stdin = try bound(.router, "stdin", connection.stdinPort)
        let iopub = try bound(.publisher, "iopub", connection.iopubPort)
        publisher = KernelPublisher(socket: iopub, wire: wire, headers: headers, log: log)
        control = KernelControlChannel(
            socket: try bound(.router, "control", connection.controlPort), wire: wire,
            headers: headers, publisher: publisher, cancellation: session.cancellation,
            shutdown: shutdown, log: log)
        heartbeat = KernelHeartbeat(
            socket: try bound(.reply, "heartbeat", connection.heartbeatPort), shutdown: shutdown,
            log: log)
        handler = KernelShellHandler(session: session)
    }

    /// A socket of `kind` bound to `port`'s endpoint.
    private static func socket(
        _ kind: ZMQSocket.Kind, _ channel: String, _ port: Int, of connection: KernelConnection,
        in context: ZMQContext
    ) throws(KernelStartFailure) -> ZMQSocket {
        let endpoint = connection.endpoint(port)
        let socket: ZMQSocket
        do {
            socket = try ZMQSocket(context, kind)
            if connection.transport == "tcp" && connection.ip.contains(":") {
                try socket.setOption(ZMQ_IPV6, 1)
            }
        } catch {
            throw .zeroMQ(error)
        }
        do {
            try socket.bind(endpoint)
        } catch {
            throw .cannotBind(channel: channel, endpoint: endpoint, error)
        }
        return socket
    }

    /// Serves the channels until a `shutdown_request`, then closes them,
    /// sending what is queued. `forwardingSIGINT`: the control thread passes
    /// Ctrl-C (`Interrupts.flag`) on to the session, for clients that
    /// interrupt with a signal.
    func serve(forwardingSIGINT: Bool) {
        let controlThread = KernelThread.start { [control] in
            control.serve(forwardingSIGINT: forwardingSIGINT)
        }
        let heartbeatThread = KernelThread.start { [heartbeat] in heartbeat.serve() }
        if controlThread == nil || heartbeatThread == nil {
            log("could not start the control or heartbeat thread: interrupts may not be answered")
        }
        publisher.status("starting", parent: .object([]))
        while !shutdown.isRequested {
            do {
                guard try shell.poll(timeoutMilliseconds: KernelServer.pollMilliseconds) else {
                    continue
                }
                handle(try shell.receive())
            } catch {
                log("the shell channel failed: \(error)")
                break
            }
        }
        shutdown.begin()
        if let controlThread { KernelThread.join(controlThread) }
        if let heartbeatThread { KernelThread.join(heartbeatThread) }
        shell.close()
        stdin.close()
        publisher.close()
        context.terminate()
    }

    /// One message from the shell channel: status busy, the handler's
    /// IOPub messages and reply, status idle; then what the reply asks for.
    private func handle(_ frames: [[UInt8]]) {
        guard let request = decoded(frames) else { return }
        answer(request)
    }

    private func decoded(_ frames: [[UInt8]]) -> KernelMessage? {
        switch wire.decode(frames) {
        case .success(let message): return message
        case .failure(let error):
            log("rejected a message on the shell channel: \(error)")
            return nil
        }
    }

    /// Handles `request` between busy and idle, then does what the reply
    /// asks. After a failed cell with `stop_on_error` the queued execute
    /// requests are aborted before its idle, as ipykernel does: a client
    /// that waits for idle before sending the next cell never has it aborted.
    private func answer(_ request: KernelMessage) {
        let parent = request.header
        publisher.status("busy", parent: parent)
        defer { publisher.status("idle", parent: parent) }
        let reply = handler.handle(
            request,
            publish: { [publisher] type, content in
                publisher.publish(type, content, parent: parent)
            }, log: log)
        guard let reply else { return }
        send(reply, to: request)
        switch reply.next {
        case .abortQueuedExecutes: abortQueuedExecutes()
        case .shutDown: shutdown.begin()
        case .carryOn: break
        }
    }

    private func send(_ reply: KernelReply, to request: KernelMessage) {
        let message = KernelMessage(
            identities: request.identities, header: headers.header(reply.type),
            parentHeader: request.header, content: reply.content)
        do {
            try shell.send(wire.encode(message))
        } catch {
            log("cannot send \(reply.type) on the shell channel: \(error)")
        }
    }

    /// After a failed cell with `stop_on_error`: the execute requests already
    /// waiting are answered "aborted" without running (each between its own
    /// busy and idle); other requests waiting are answered as usual.
    private func abortQueuedExecutes() {
        while !shutdown.isRequested, (try? shell.poll(timeoutMilliseconds: 0)) == true {
            guard let frames = try? shell.receive(), let request = decoded(frames) else {
                continue
            }
            guard request.messageType == "execute_request" else {
                answer(request)
                continue
            }
            publisher.status("busy", parent: request.header)
            send(KernelShellHandler.abortedExecuteReply, to: request)
            publisher.status("idle", parent: request.header)
        }
    }
}
