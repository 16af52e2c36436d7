import GradEngine
import Synchronization

/// The IOPub channel: every output and status the kernel broadcasts. The
/// shell thread (cells) and the control thread (interrupts, shutdown) both
/// publish, and a ZeroMQ socket is not thread-safe, so each message is sent
/// under a lock.
final class KernelPublisher: Sendable {
    private let socket: Mutex<ZMQSocket?>
    private let wire: KernelWire
    private let headers: KernelHeaderMaker
    private let log: @Sendable (String) -> Void

    init(
        socket: ZMQSocket, wire: KernelWire, headers: KernelHeaderMaker,
        log: @escaping @Sendable (String) -> Void
    ) {
        self.socket = Mutex(socket)
        self.wire = wire
        self.headers = headers
        self.log = log
    }

    /// Publishes a message of `type` with `content`, in answer to the
    /// request whose header is `parent`. Its topic is the message type.
    func publish(_ type: String, _ content: JSONValue, parent: JSONValue) {
        let message = KernelMessage(
            identities: [Array(type.utf8)], header: headers.header(type), parentHeader: parent,
            content: content)
        let frames = wire.encode(message)
        let failure = socket.withLock { socket -> ZMQError? in
            guard let socket else { return nil }
            do throws(ZMQError) {
                try socket.send(frames)
                return nil
            } catch {
                return error
            }
        }
        if let failure, !failure.isTerminated {
            log("cannot publish \(type) on iopub: \(failure)")
        }
    }

    /// `status`: `busy` while the kernel handles `parent`'s request, `idle` after.
    func status(_ state: String, parent: JSONValue) {
        publish("status", .strings([("execution_state", state)]), parent: parent)
    }

    /// Closes the socket (its queued messages still go out); later
    /// publishing does nothing.
    func close() {
        socket.withLock { socket in
            socket?.close()
            socket = nil
        }
    }
}
