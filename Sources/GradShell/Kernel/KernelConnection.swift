import GradEngine

/// A Jupyter connection file: where the kernel's five sockets listen and the
/// key that signs its messages (written by the client that starts the kernel).
struct KernelConnection: Equatable {
    /// `tcp` or `ipc`.
    var transport: String
    /// An address for tcp; a path prefix for ipc (`ip-port` is the socket file).
    var ip: String
    var shellPort: Int
    var iopubPort: Int
    var stdinPort: Int
    var controlPort: Int
    var heartbeatPort: Int
    /// The HMAC key as written in the file; empty means messages are not signed.
    var key: String
    /// `hmac-sha256`, the only scheme GradLab signs with.
    var signatureScheme: String

    /// The largest connection file read: they are a few hundred bytes.
    static let maxFileBytes = 1 << 20

    /// The signature schemes understood.
    static let supportedSchemes = ["hmac-sha256"]

    /// The ZeroMQ endpoint of `port`, as jupyter_client writes it:
    /// `tcp://ip:port`, or `ipc://ip-port`.
    func endpoint(_ port: Int) -> String {
        if transport == "tcp" {
            // An IPv6 address goes in brackets.
            let host = ip.contains(":") && !ip.hasPrefix("[") ? "[\(ip)]" : ip
            return "tcp://\(host):\(port)"
        }
        return "\(transport)://\(ip)-\(port)"
    }

    /// The connection described by the JSON text `bytes`, or why not (a
    /// sentence naming the field).
    static func parse(_ bytes: [UInt8]) -> Result<KernelConnection, KernelConnectionProblem> {
        let json: JSONValue
        do {
            json = try JSONValue.parse(bytes)
        } catch {
            return .failure(.notJSON(error.description))
        }
        guard case .object = json else { return .failure(.notAnObject) }
        func text(_ key: String, default value: String? = nil) -> Result<
            String, KernelConnectionProblem
        > {
            switch json[key] {
            case .string(let s): return .success(s)
            case nil: return value.map { .success($0) } ?? .failure(.missing(key))
            case let other?: return .failure(.wrongKind(key, expected: "a string", found: other))
            }
        }
        func port(_ key: String) -> Result<Int, KernelConnectionProblem> {
            switch json[key] {
            case .number(let n)?:
                guard let p = Int(n), (0...65535).contains(p) else {
                    return .failure(.badPort(key, n))
                }
                return .success(p)
            case nil: return .failure(.missing(key))
            case let other?:
                return .failure(.wrongKind(key, expected: "a port number", found: other))
            }
        }
        do throws(KernelConnectionProblem) {
            let transport = try text("transport", default: "tcp").get()
            guard transport == "tcp" || transport == "ipc" else {
                return .failure(.unsupportedTransport(transport))
            }
            let scheme = try text("signature_scheme", default: "hmac-sha256").get()
            guard supportedSchemes.contains(scheme) else {
                return .failure(.unsupportedScheme(scheme))
            }
            return .success(
                KernelConnection(
                    transport: transport, ip: try text("ip", default: "127.0.0.1").get(),
                    shellPort: try port("shell_port").get(),
                    iopubPort: try port("iopub_port").get(),
                    stdinPort: try port("stdin_port").get(),
                    controlPort: try port("control_port").get(),
                    heartbeatPort: try port("hb_port").get(),
                    key: try text("key", default: "").get(),
                    signatureScheme: scheme))
        } catch {
            return .failure(error)
        }
    }

    /// Reads and parses the connection file at `path`.
    static func load(_ path: String) -> Result<KernelConnection, KernelConnectionProblem> {
        let bytes: [UInt8]
        do {
            bytes = try FileContents.read(path, limit: maxFileBytes)
        } catch {
            return .failure(.unreadable(error))
        }
        return parse(bytes)
    }
}
