/// The heartbeat channel: a REP socket that sends every message straight
/// back, on its own thread, so clients see the kernel alive while a cell runs.
final class KernelHeartbeat: @unchecked Sendable {
    // The socket is used by the heartbeat thread alone once `serve` starts.
    private let socket: ZMQSocket
    private let shutdown: KernelShutdown
    private let log: @Sendable (String) -> Void

    init(socket: ZMQSocket, shutdown: KernelShutdown, log: @escaping @Sendable (String) -> Void) {
        self.socket = socket
        self.shutdown = shutdown
        self.log = log
    }

    /// Echoes until shutdown, then closes the socket.
    func serve() {
        defer { socket.close() }
        while !shutdown.isRequested {
            do {
                guard try socket.poll(timeoutMilliseconds: KernelServer.pollMilliseconds) else {
                    continue
                }
                try socket.send(try socket.receive())
            } catch {
                log("the heartbeat channel failed: \(error)")
                return
            }
        }
    }
}
