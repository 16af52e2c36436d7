import GradEngine

#if canImport(Glibc)
    import Glibc
#endif

/// Writes the headers of the messages the kernel sends: a fresh `msg_id`
/// each, the kernel's session id, and the time in ISO 8601 UTC.
struct KernelHeaderMaker {
    /// The protocol version every header states.
    static let protocolVersion = "5.3"

    /// One id for the kernel process (the header's `session`).
    let session: String
    let username: String

    init(session: String = KernelHeaderMaker.randomID(), username: String = "gradlab") {
        self.session = session
        self.username = username
    }

    /// The header of a new message of `type`.
    func header(_ type: String) -> JSONValue {
        .strings([
            ("msg_id", KernelHeaderMaker.randomID()), ("session", session),
            ("username", username), ("date", KernelHeaderMaker.now()), ("msg_type", type),
            ("version", KernelHeaderMaker.protocolVersion),
        ])
    }

    /// A random (version 4) UUID in its usual text form.
    static func randomID() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        bytes[6] = bytes[6] & 0x0f | 0x40
        bytes[8] = bytes[8] & 0x3f | 0x80
        let hex = KernelWire.hex(bytes)
        var out = ""
        for (i, c) in hex.enumerated() {
            if i == 8 || i == 12 || i == 16 || i == 20 { out += "-" }
            out.append(c)
        }
        return out
    }

    /// The current time as ISO 8601 UTC with microseconds:
    /// `2025-01-31T12:34:56.789012Z`.
    static func now() -> String {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return isoDate(seconds: Int(ts.tv_sec), microseconds: Int(ts.tv_nsec) / 1000)
    }

    /// `seconds` since the epoch (UTC) plus `microseconds`, in ISO 8601.
    static func isoDate(seconds: Int, microseconds: Int) -> String {
        var t = time_t(seconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        func pad(_ n: Int32, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return
            "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))"
            + "T\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))"
            + ".\(pad(Int32(microseconds), 6))Z"
    }
}
