import CZeroMQ

/// A failed libzmq call: its errno, worded by `zmq_strerror`.
struct ZMQError: Error, Equatable, CustomStringConvertible {
    var code: Int32

    /// The error of the call that just failed on this thread.
    static var last: ZMQError { ZMQError(code: zmq_errno()) }

    /// The context was shut down (`zmq_ctx_shutdown`): the socket's thread should close it.
    var isTerminated: Bool { code == ETERM }
    /// A signal interrupted the call; it can be retried.
    var isInterrupted: Bool { code == EINTR }

    var description: String { String(cString: zmq_strerror(code)) }
}
