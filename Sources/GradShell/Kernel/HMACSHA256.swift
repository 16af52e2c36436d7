/// HMAC-SHA256 (RFC 2104), which signs the kernel's messages with the
/// connection file's key.
struct HMACSHA256 {
    private var inner = SHA256()
    private let outerKey: [UInt8]

    /// A signer for `key`; keys longer than a block are hashed first (RFC 2104).
    init(key: [UInt8]) {
        var block = key.count > SHA256.blockSize ? SHA256.hash(key) : key
        block += [UInt8](repeating: 0, count: SHA256.blockSize - block.count)
        inner.update(block.map { $0 ^ 0x36 })
        outerKey = block.map { $0 ^ 0x5c }
    }

    /// The code of `bytes` under `key`, in one call.
    static func authenticationCode(key: [UInt8], _ bytes: [UInt8]) -> [UInt8] {
        var h = HMACSHA256(key: key)
        h.update(bytes)
        return h.finalize()
    }

    /// Adds `bytes` to what is being signed.
    mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        inner.update(bytes)
    }

    /// The 32-byte code of everything added; the signer is used up.
    mutating func finalize() -> [UInt8] {
        var outer = SHA256()
        outer.update(outerKey)
        outer.update(inner.finalize())
        return outer.finalize()
    }
}
