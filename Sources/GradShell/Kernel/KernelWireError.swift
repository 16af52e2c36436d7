/// Why frames received are not a message the kernel accepts; the kernel logs
/// `description` on standard error and drops the frames.
enum KernelWireError: Error, Equatable, CustomStringConvertible {
    /// No `<IDS|MSG>` frame.
    case noDelimiter
    /// Fewer than the signature and four JSON frames after the delimiter.
    case tooFewFrames(Int)
    /// The HMAC signature does not match the connection file's key.
    case badSignature
    /// A part is not JSON.
    case notJSON(String, String)
    /// A part is JSON but not an object.
    case notAnObject(String)

    var description: String {
        switch self {
        case .noDelimiter: "no <IDS|MSG> delimiter frame"
        case .tooFewFrames(let n): "only \(n) frames after <IDS|MSG> (a message needs 5)"
        case .badSignature: "the signature does not match the connection key"
        case .notJSON(let part, let reason): "the \(part) is not JSON (\(reason))"
        case .notAnObject(let part): "the \(part) is not a JSON object"
        }
    }
}
