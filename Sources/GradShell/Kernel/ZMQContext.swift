import CZeroMQ

/// A libzmq context: the I/O thread every socket of the kernel shares.
final class ZMQContext: @unchecked Sendable {
    // libzmq's contexts are thread-safe; sockets are not (see ZMQSocket).
    let handle: UnsafeMutableRawPointer

    init() throws(ZMQError) {
        guard let handle = zmq_ctx_new() else { throw ZMQError.last }
        self.handle = handle
    }

    /// Makes every blocking call on this context's sockets return ETERM, so
    /// each thread closes its socket and `terminate` can finish.
    func shutdown() { _ = zmq_ctx_shutdown(handle) }

    /// Waits until every socket is closed and their queued messages are sent
    /// (within each socket's linger), then frees the context.
    func terminate() {
        while zmq_ctx_term(handle) != 0 && zmq_errno() == EINTR {}
    }
}
