import GradEngine
import XCTest

@testable import GradShell

/// The Jupyter wire format: frames out and back, and what is refused.
final class KernelWireTests: XCTestCase {
    private let wire = KernelWire(key: "0123456789abcdef")

    private func message() -> KernelMessage {
        KernelMessage(
            identities: [Array("client-1".utf8), [0, 1, 2]],
            header: .strings([("msg_id", "1")]),
            parentHeader: .object([]), metadata: .object([]),
            content: .strings([("code", "print(1)")]), buffers: [[9, 8, 7]])
    }

    /// The frames are identities, the delimiter, the signature, the four JSON
    /// parts and the buffers; the signature is what Python's hmac computes
    /// for those parts with the same key.
    func testEncodedFramesAndSignatureAreJupyters() {
        let frames = wire.encode(message())
        XCTAssertEqual(frames.count, 2 + 1 + 1 + 4 + 1)
        XCTAssertEqual(frames[0], Array("client-1".utf8))
        XCTAssertEqual(frames[2], Array("<IDS|MSG>".utf8))
        XCTAssertEqual(
            String(decoding: frames[3], as: UTF8.self),
            "78f0147f3aa0336b8f64d1936e63ea553dc4afc09e2ddd188594ae5eab6522de")
        XCTAssertEqual(
            frames[4...7].map { String(decoding: $0, as: UTF8.self) },
            ["{\"msg_id\": \"1\"}", "{}", "{}", "{\"code\": \"print(1)\"}"])
        XCTAssertEqual(frames[8], [9, 8, 7])
    }

    func testDecodeGivesBackWhatWasEncoded() {
        XCTAssertEqual(wire.decode(wire.encode(message())), .success(message()))
        var plain = message()
        plain.identities = []
        plain.buffers = []
        XCTAssertEqual(wire.decode(wire.encode(plain)), .success(plain))
    }

    func testATamperedMessageOrAnotherKeyIsRefused() {
        var frames = wire.encode(message())
        frames[7] = Array("{\"code\": \"print(2)\"}".utf8)
        XCTAssertEqual(wire.decode(frames), .failure(.badSignature))
        XCTAssertEqual(
            KernelWire(key: "another key").decode(wire.encode(message())),
            .failure(.badSignature))
        var unsigned = wire.encode(message())
        unsigned[3] = []
        XCTAssertEqual(wire.decode(unsigned), .failure(.badSignature))
    }

    /// An empty key: the signature frame is empty and nothing is checked.
    func testAnEmptyKeySignsNothing() {
        let open = KernelWire(key: "")
        let frames = open.encode(message())
        XCTAssertEqual(frames[3], [])
        XCTAssertEqual(open.decode(frames), .success(message()))
        XCTAssertEqual(open.decode(wire.encode(message())), .success(message()))
    }

    func testMalformedFramesAreRefusedWithAReason() {
        let frames = wire.encode(message())
        XCTAssertEqual(wire.decode(Array(frames[3...])), .failure(.noDelimiter))
        XCTAssertEqual(wire.decode(Array(frames[0..<6])), .failure(.tooFewFrames(3)))
        let open = KernelWire(key: "")
        var bad = open.encode(message())
        bad[5] = Array("{".utf8)
        guard case .failure(.notJSON("parent_header", _)) = open.decode(bad) else {
            return XCTFail("\(open.decode(bad))")
        }
        bad[5] = Array("[1]".utf8)
        XCTAssertEqual(open.decode(bad), .failure(.notAnObject("parent_header")))
        XCTAssertEqual(
            KernelWireError.badSignature.description,
            "the signature does not match the connection key")
    }

    /// Headers: a fresh UUID each, the protocol version, ISO 8601 UTC dates.
    func testHeadersCarryAFreshIDTheVersionAndAUTCDate() {
        let maker = KernelHeaderMaker(session: "s", username: "u")
        let a = maker.header("status")
        let b = maker.header("status")
        XCTAssertNotEqual(a["msg_id"], b["msg_id"])
        let id = a["msg_id"]?.stringValue ?? ""
        XCTAssertEqual(id.split(separator: "-").map(\.count), [8, 4, 4, 4, 12])
        XCTAssertEqual(Array(id)[14], "4")
        XCTAssertEqual(a["version"], .string("5.3"))
        XCTAssertEqual(a["msg_type"], .string("status"))
        XCTAssertEqual(a["session"], .string("s"))
        XCTAssertEqual(
            KernelHeaderMaker.isoDate(seconds: 1_700_000_000, microseconds: 42),
            "2023-11-14T22:13:20.000042Z")
        let now = KernelHeaderMaker.now()
        XCTAssertEqual(now.count, "2023-11-14T22:13:20.000042Z".count)
        XCTAssertTrue(now.hasSuffix("Z"))
    }
}
