import CZeroMQ

#if canImport(Glibc)
    import Glibc
#endif

/// One libzmq socket. A socket is not thread-safe: each is used by one thread
/// at a time (the kernel's IOPub socket, shared, is used under a lock).
final class ZMQSocket: @unchecked Sendable {
    private(set) var handle: UnsafeMutableRawPointer?

    /// The socket kinds the kernel uses.
    enum Kind {
        case router, dealer, publisher, subscriber, reply, request

        var code: Int32 {
            switch self {
            case .router: ZMQ_ROUTER
            case .dealer: ZMQ_DEALER
            case .publisher: ZMQ_PUB
            case .subscriber: ZMQ_SUB
            case .reply: ZMQ_REP
            case .request: ZMQ_REQ
            }
        }
    }

    /// A socket of `kind`; `lingerMilliseconds` is how long closing it waits
    /// for queued messages to go out.
    init(_ context: ZMQContext, _ kind: Kind, lingerMilliseconds: Int32 = 1000) throws(ZMQError) {
        guard let handle = zmq_socket(context.handle, kind.code) else { throw ZMQError.last }
        self.handle = handle
        try setOption(ZMQ_LINGER, lingerMilliseconds)
    }

    deinit { close() }

    /// Closes the socket (queued messages are still sent within the linger).
    func close() {
        if let handle { _ = zmq_close(handle) }
        handle = nil
    }

    /// Sets an integer socket option.
    func setOption(_ option: Int32, _ value: Int32) throws(ZMQError) {
        var v = value
        guard zmq_setsockopt(handle, option, &v, MemoryLayout<Int32>.size) == 0 else {
            throw ZMQError.last
        }
    }

    /// Sets a byte-string socket option (a subscription, an identity).
    func setOption(_ option: Int32, bytes: [UInt8]) throws(ZMQError) {
        let result = bytes.withUnsafeBytes { raw in
            zmq_setsockopt(handle, option, raw.baseAddress, raw.count)
        }
        guard result == 0 else { throw ZMQError.last }
    }

    /// A SUB socket's subscription: messages whose first frame starts with
    /// `prefix` (all of them for an empty prefix). The kernel publishes;
    /// its tests subscribe.
    func subscribe(_ prefix: [UInt8] = []) throws(ZMQError) {
        try setOption(ZMQ_SUBSCRIBE, bytes: prefix)
    }

    /// Binds to `endpoint` (`tcp://127.0.0.1:5555`, `ipc://path-1`).
    func bind(_ endpoint: String) throws(ZMQError) {
        guard zmq_bind(handle, endpoint) == 0 else { throw ZMQError.last }
    }

    /// Connects to `endpoint`.
    func connect(_ endpoint: String) throws(ZMQError) {
        guard zmq_connect(handle, endpoint) == 0 else { throw ZMQError.last }
    }

    /// The endpoint the socket was last bound to (with the port the system
    /// chose for a `*` or 0 port).
    func lastEndpoint() -> String? {
        var buffer = [CChar](repeating: 0, count: 512)
        var size = buffer.count
        guard zmq_getsockopt(handle, ZMQ_LAST_ENDPOINT, &buffer, &size) == 0 else { return nil }
        return String(
            decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Sends `frames` as one multipart message, retrying after a signal.
    func send(_ frames: [[UInt8]]) throws(ZMQError) {
        for (i, frame) in frames.enumerated() {
            let flags = i < frames.count - 1 ? ZMQ_SNDMORE : 0
            while true {
                let sent = frame.withUnsafeBytes { raw in
                    zmq_send(handle, raw.baseAddress, raw.count, flags)
                }
                if sent >= 0 { break }
                let error = ZMQError.last
                if !error.isInterrupted { throw error }
            }
        }
    }

    /// Receives one whole multipart message, waiting for it; retries after a signal.
    func receive() throws(ZMQError) -> [[UInt8]] {
        var frames: [[UInt8]] = []
        var message = zmq_msg_t()
        zmq_msg_init(&message)
        defer { zmq_msg_close(&message) }
        while true {
            let received = zmq_msg_recv(&message, handle, 0)
            if received < 0 {
                let error = ZMQError.last
                if error.isInterrupted { continue }
                throw error
            }
            let size = zmq_msg_size(&message)
            if size > 0, let data = zmq_msg_data(&message) {
                frames.append(Array(UnsafeRawBufferPointer(start: data, count: size)))
            } else {
                frames.append([])
            }
            if zmq_msg_more(&message) == 0 { return frames }
        }
    }

    /// Whether a message is waiting, after at most `timeoutMilliseconds`
    /// (-1: wait as long as it takes). A signal ends the wait early with false.
    func poll(timeoutMilliseconds: Int) throws(ZMQError) -> Bool {
        var item = zmq_pollitem_t(socket: handle, fd: -1, events: Int16(ZMQ_POLLIN), revents: 0)
        let ready = zmq_poll(&item, 1, timeoutMilliseconds)
        if ready < 0 {
            let error = ZMQError.last
            if error.isInterrupted { return false }
            throw error
        }
        return ready > 0 && item.revents & Int16(ZMQ_POLLIN) != 0
    }
}
