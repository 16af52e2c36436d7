import XCTest

@testable import GradShell

/// Reading connection files, and the endpoints made from them.
final class KernelConnectionTests: XCTestCase {
    private let full = """
        {"shell_port": 5001, "iopub_port": 5002, "stdin_port": 5003, "control_port": 5004,
         "hb_port": 5005, "ip": "127.0.0.1", "key": "a-key", "transport": "tcp",
         "signature_scheme": "hmac-sha256", "kernel_name": "gradlab"}
        """

    func testAConnectionFileIsRead() throws {
        let c = try KernelConnection.parse(Array(full.utf8)).get()
        XCTAssertEqual(
            c,
            KernelConnection(
                transport: "tcp", ip: "127.0.0.1", shellPort: 5001, iopubPort: 5002,
                stdinPort: 5003, controlPort: 5004, heartbeatPort: 5005, key: "a-key",
                signatureScheme: "hmac-sha256"))
        XCTAssertEqual(c.endpoint(c.shellPort), "tcp://127.0.0.1:5001")
    }

    func testEndpointsForIPCAndIPv6AreJupyterClients() {
        var c = try? KernelConnection.parse(Array(full.utf8)).get()
        c?.transport = "ipc"
        c?.ip = "/tmp/kernel-ipc"
        XCTAssertEqual(c?.endpoint(3), "ipc:///tmp/kernel-ipc-3")
        c?.transport = "tcp"
        c?.ip = "::1"
        XCTAssertEqual(c?.endpoint(3), "tcp://[::1]:3")
    }

    /// Each unusable file says which field is wrong.
    func testUnusableFilesAreRefusedNamingTheField() {
        func problem(_ text: String) -> String {
            switch KernelConnection.parse(Array(text.utf8)) {
            case .success: return "accepted"
            case .failure(let p): return p.description
            }
        }
        XCTAssertEqual(
            problem(full.replacingOccurrences(of: "\"hb_port\": 5005,", with: "")),
            "\"hb_port\" is missing")
        XCTAssertEqual(
            problem(full.replacingOccurrences(of: "5005", with: "70000")),
            "\"hb_port\" is 70000, not a port number (0 to 65535)")
        XCTAssertEqual(
            problem(full.replacingOccurrences(of: "5005", with: "\"5005\"")),
            "\"hb_port\" should be a port number, not a string")
        XCTAssertEqual(
            problem(full.replacingOccurrences(of: "hmac-sha256", with: "hmac-md5")),
            "signature_scheme \"hmac-md5\" is not supported (GradLab signs with hmac-sha256)")
        XCTAssertEqual(
            problem(full.replacingOccurrences(of: "\"tcp\"", with: "\"udp\"")),
            "transport \"udp\" is not supported (tcp or ipc)")
        XCTAssertEqual(problem("[]"), "not a JSON object")
        XCTAssertTrue(problem("{").hasPrefix("not JSON (line 1, column 2"), problem("{"))
    }

    /// Missing optional fields take jupyter_client's defaults; an empty key
    /// means unsigned messages.
    func testOptionalFieldsHaveJupytersDefaults() throws {
        let minimal = """
            {"shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5}
            """
        let c = try KernelConnection.parse(Array(minimal.utf8)).get()
        XCTAssertEqual(c.transport, "tcp")
        XCTAssertEqual(c.ip, "127.0.0.1")
        XCTAssertEqual(c.key, "")
        XCTAssertEqual(c.signatureScheme, "hmac-sha256")
    }

    func testAMissingFileIsUnreadable() {
        guard case .failure(let p) = KernelConnection.load("/no/such/kernel.json") else {
            return XCTFail("a missing file was read")
        }
        XCTAssertTrue(p.isUnreadable)
        XCTAssertEqual(p.description, "No such file or directory")
    }
}
