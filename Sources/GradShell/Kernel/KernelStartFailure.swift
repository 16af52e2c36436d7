/// Why the kernel could not start listening: ZeroMQ itself failed, or a
/// channel's endpoint could not be bound (a port in use, an ipc path that
/// cannot be created).
enum KernelStartFailure: Error, Equatable, CustomStringConvertible {
    case zeroMQ(ZMQError)
    case cannotBind(channel: String, endpoint: String, ZMQError)

    var description: String {
        switch self {
        case .zeroMQ(let error): "ZeroMQ could not be set up: \(error)"
        case .cannotBind(let channel, let endpoint, let error):
            "cannot listen on \(endpoint) (the \(channel) channel): \(error)"
        }
    }
}
