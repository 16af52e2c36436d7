import GradEngine

/// The Jupyter wire format: a message as ZeroMQ frames,
/// `identities… <IDS|MSG> signature header parent_header metadata content buffers…`,
/// signed with HMAC-SHA256 over the four JSON frames (hex digits in the
/// signature frame; an empty key signs nothing and the frame is empty).
struct KernelWire {
    /// The frame between the routing identities and the message.
    static let delimiter = Array("<IDS|MSG>".utf8)

    /// The connection file's key as bytes; empty when messages are not signed.
    let key: [UInt8]

    init(key: String) { self.key = Array(key.utf8) }

    /// The frames that carry `message`, signed.
    func encode(_ message: KernelMessage) -> [[UInt8]] {
        let parts = [message.header, message.parentHeader, message.metadata, message.content]
            .map { Array($0.compactText.utf8) }
        return message.identities + [KernelWire.delimiter, signature(of: parts)] + parts
            + message.buffers
    }

    /// The message `frames` carry, or why they are refused: no delimiter, too
    /// few frames, a signature that does not match, or a part that is not a
    /// JSON object.
    func decode(_ frames: [[UInt8]]) -> Result<KernelMessage, KernelWireError> {
        guard let split = frames.firstIndex(of: KernelWire.delimiter) else {
            return .failure(.noDelimiter)
        }
        guard frames.count >= split + 6 else {
            return .failure(.tooFewFrames(frames.count - split - 1))
        }
        let signatureFrame = frames[split + 1]
        let parts = Array(frames[(split + 2)..<(split + 6)])
        if !key.isEmpty {
            guard KernelWire.constantTimeEqual(signatureFrame, signature(of: parts)) else {
                return .failure(.badSignature)
            }
        }
        var values: [JSONValue] = []
        for (part, name) in zip(parts, ["header", "parent_header", "metadata", "content"]) {
            do {
                let value = try JSONValue.parse(part)
                guard case .object = value else { return .failure(.notAnObject(name)) }
                values.append(value)
            } catch {
                return .failure(.notJSON(name, error.description))
            }
        }
        return .success(
            KernelMessage(
                identities: Array(frames[..<split]), header: values[0], parentHeader: values[1],
                metadata: values[2], content: values[3], buffers: Array(frames[(split + 6)...])))
    }

    /// The signature frame for the four JSON parts: lowercase hex HMAC-SHA256,
    /// or empty when there is no key.
    func signature(of parts: [[UInt8]]) -> [UInt8] {
        guard !key.isEmpty else { return [] }
        var mac = HMACSHA256(key: key)
        for part in parts { mac.update(part) }
        return Array(KernelWire.hex(mac.finalize()).utf8)
    }

    /// `bytes` as lowercase hexadecimal digits.
    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether `a` and `b` are equal, taking as long for any two of one
    /// length (a signature check must not say how many leading bytes matched).
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }
}
