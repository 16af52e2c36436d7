import GradEngine

/// One Jupyter message (messaging protocol 5.3), as it travels between the
/// kernel and its clients: the routing identities, four JSON dictionaries and
/// any extra binary buffers. `KernelWire` turns it into ZeroMQ frames and back.
struct KernelMessage: Equatable {
    /// The ROUTER socket's routing frames, before `<IDS|MSG>`: a reply carries
    /// its request's, so it goes back to the client that asked.
    var identities: [[UInt8]] = []
    /// `msg_id`, `session`, `username`, `date`, `msg_type`, `version`.
    var header: JSONValue
    /// The header of the message this one answers (`{}` for none).
    var parentHeader: JSONValue = .object([])
    var metadata: JSONValue = .object([])
    var content: JSONValue = .object([])
    /// Binary frames after the content (not signed).
    var buffers: [[UInt8]] = []

    /// The header's `msg_type` (`execute_request`...); empty when missing.
    var messageType: String { header["msg_type"]?.stringValue ?? "" }

    /// The header's `msg_id`.
    var messageID: String { header["msg_id"]?.stringValue ?? "" }
}
