/// Everything that can go wrong inside the engine, as a value with a message a
/// user can act on. The engine never traps on bad input; it throws one of these.
public enum EngineError: Error, Equatable, CustomStringConvertible, Sendable {
    /// An argument outside its allowed range (sizes, rates, learning rates...).
    case invalidArgument(String)
    /// Two shapes that must agree do not.
    case shapeMismatch(String)
    /// A request for more memory than the engine will allocate.
    case tooLarge(String)
    /// Data that cannot be used (empty, wrong kind of targets...).
    case invalidData(String)
    /// A file that cannot be read, written or understood.
    case file(String)

    public var description: String {
        switch self {
        case .invalidArgument(let m), .shapeMismatch(let m), .tooLarge(let m),
            .invalidData(let m), .file(let m):
            return m
        }
    }
}
