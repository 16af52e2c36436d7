import GradEngine

/// Why a connection file cannot be used; `description` says it for a person.
enum KernelConnectionProblem: Error, Equatable, CustomStringConvertible {
    case unreadable(FileReadFailure)
    case notJSON(String)
    case notAnObject
    case missing(String)
    case wrongKind(String, expected: String, found: JSONValue)
    case badPort(String, String)
    case unsupportedTransport(String)
    case unsupportedScheme(String)

    /// Whether the file could not be read at all (exit `noInput`), rather
    /// than read and found unusable.
    var isUnreadable: Bool {
        if case .unreadable = self { return true }
        return false
    }

    var description: String {
        switch self {
        case .unreadable(let failure):
            switch failure {
            case .noName: "no file name"
            case .cannotOpen(let code), .cannotRead(let code): FileReadFailure.systemReason(code)
            case .directory: "it is a directory"
            case .notRegularFile: "it is not a regular file"
            case .tooLarge: "it is larger than a connection file can be"
            }
        case .notJSON(let reason): "not JSON (\(reason))"
        case .notAnObject: "not a JSON object"
        case .missing(let key): "\"\(key)\" is missing"
        case .wrongKind(let key, let expected, let found):
            "\"\(key)\" should be \(expected), not \(found.kindDescription)"
        case .badPort(let key, let text): "\"\(key)\" is \(text), not a port number (0 to 65535)"
        case .unsupportedTransport(let t): "transport \"\(t)\" is not supported (tcp or ipc)"
        case .unsupportedScheme(let s):
            "signature_scheme \"\(s)\" is not supported (GradLab signs with hmac-sha256)"
        }
    }
}
