import Foundation
import GradEngine
import XCTest

@testable import GradShell

/// The real binary as a kernel (`gradlab kernel -f FILE`), talked to over
/// ZeroMQ as Jupyter does: every channel, signatures both ways, the
/// busy/idle statuses, interrupts by message and by signal, shutdown, and the
/// start-up failures.
final class KernelEndToEndTests: XCTestCase {
    private var kernel: KernelTestProcess?

    override func tearDown() {
        kernel?.stop()
        kernel = nil
    }

    private func started(transport: String = "ipc") throws -> (KernelTestProcess, KernelTestClient)
    {
        let k = try KernelTestProcess(transport: transport)
        kernel = k
        try k.start()
        let client = try KernelTestClient(k.connection)
        XCTAssertTrue(try client.waitUntilReady(), "no answer: \(k.standardError)")
        return (k, client)
    }

    /// Status busy first and idle last, both with the request as parent.
    private func assertBusyThenIdle(
        _ messages: [KernelMessage], file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertEqual(messages.first?.messageType, "status", file: file, line: line)
        XCTAssertEqual(
            messages.first?.content["execution_state"], .string("busy"), file: file, line: line)
        XCTAssertEqual(
            messages.last?.content["execution_state"], .string("idle"), file: file, line: line)
    }

    func testTheKernelAnswersEveryChannel() throws {
        let (k, client) = try started()

        // kernel_info on shell: the reply answers the request and is signed
        // (the client refuses a bad signature).
        let info = try client.send("kernel_info_request")
        let reply = try XCTUnwrap(try client.reply())
        XCTAssertEqual(reply.messageType, "kernel_info_reply")
        XCTAssertEqual(reply.parentHeader["msg_id"], info["msg_id"])
        XCTAssertEqual(reply.header["version"], .string("5.3"))
        XCTAssertEqual(reply.content["language_info"]?["name"], .string("grad"))
        assertBusyThenIdle(try client.iopub(until: info))

        // execute: busy, execute_input with the count, ..., idle; then the reply.
        let execute = try client.send(
            "execute_request", .strings([("code", "print(\"hello\")")]))
        let executeReply = try XCTUnwrap(try client.reply())
        XCTAssertEqual(executeReply.messageType, "execute_reply")
        XCTAssertEqual(executeReply.content["status"], .string("ok"))
        XCTAssertEqual(executeReply.content["execution_count"], .int(1))
        let published = try client.iopub(until: execute)
        assertBusyThenIdle(published)
        XCTAssertEqual(published.dropFirst().first?.messageType, "execute_input")
        XCTAssertEqual(published.dropFirst().first?.content["execution_count"], .int(1))

        // The heartbeat echoes.
        try client.heartbeat.send([Array("ping".utf8)])
        XCTAssertTrue(try client.heartbeat.poll(timeoutMilliseconds: 5000))
        XCTAssertEqual(try client.heartbeat.receive(), [Array("ping".utf8)])

        // Control: kernel_info and interrupt, each with busy/idle on IOPub.
        let controlInfo = try client.send("kernel_info_request", on: .control)
        XCTAssertEqual(try client.reply(on: .control)?.messageType, "kernel_info_reply")
        assertBusyThenIdle(try client.iopub(until: controlInfo))
        let interrupt = try client.send("interrupt_request", on: .control)
        let interruptReply = try XCTUnwrap(try client.reply(on: .control))
        XCTAssertEqual(interruptReply.messageType, "interrupt_reply")
        XCTAssertEqual(interruptReply.content["status"], .string("ok"))
        XCTAssertEqual(interruptReply.parentHeader["msg_id"], interrupt["msg_id"])

        // comm_info: no comms.
        try client.send("comm_info_request")
        XCTAssertEqual(try client.reply()?.content["comms"], .object([]))

        // A message signed with another key is refused with a line on
        // standard error, and the kernel carries on.
        var forger = KernelWire(key: "not the key")
        swap(&forger, &client.wire)
        try client.send("kernel_info_request")
        swap(&forger, &client.wire)
        XCTAssertNil(try client.reply(seconds: 0.5))
        // Frames that are no message at all, and an unknown type: logged too.
        try client.sendFrames([Array("garbage".utf8)])
        let unknown = try client.send("frobnicate_request")
        assertBusyThenIdle(try client.iopub(until: unknown))
        try client.send("kernel_info_request")
        XCTAssertEqual(try client.reply()?.messageType, "kernel_info_reply")
        let log = k.standardError
        XCTAssertTrue(
            log.contains(
                "gradlab kernel: rejected a message on the shell channel: the signature does not match the connection key"
            ), log)
        XCTAssertTrue(
            log.contains(
                "gradlab kernel: rejected a message on the shell channel: no <IDS|MSG> delimiter frame"
            ), log)
        XCTAssertTrue(
            log.contains(
                "gradlab kernel: unknown message type 'frobnicate_request' on the shell channel: ignored"
            ), log)

        // SIGINT (interrupt_mode "signal" clients) does not end the kernel.
        kill(k.pid, SIGINT)
        try client.send("kernel_info_request")
        XCTAssertEqual(try client.reply()?.messageType, "kernel_info_reply")
        XCTAssertNil(k.waitForExit(seconds: 0))

        // shutdown on control: the reply echoes restart, then the process exits 0.
        try client.send(
            "shutdown_request", .object([JSONMember("restart", .bool(true))]), on: .control)
        let shutdown = try XCTUnwrap(try client.reply(on: .control))
        XCTAssertEqual(shutdown.messageType, "shutdown_reply")
        XCTAssertEqual(shutdown.content["restart"], .bool(true))
        XCTAssertEqual(k.waitForExit(seconds: 5), 0, k.standardError)
    }

    /// After a failing cell (stop_on_error by default) the execute requests
    /// already queued are answered "aborted" without running, each between
    /// busy and idle; a cell sent after the failing cell's idle runs.
    func testQueuedCellsAreAbortedAfterAnError() throws {
        let (k, client) = try started()
        // The loop keeps the failing cell busy (a tenth of a second or more)
        // while the next two, already sent, reach the kernel: with a loop of
        // 20,000 a loaded machine once let the cell fail before they arrived.
        let failing = try client.send(
            "execute_request", .strings([("code", "for i in 1..200000 { }\nnot_defined_anywhere")]))
        let queued = try client.send("execute_request", .strings([("code", "print(2)")]))
        let unstopped = try client.send(
            "execute_request",
            .object([
                JSONMember("code", .string("print(3)")), JSONMember("stop_on_error", .bool(false)),
            ]))
        var status: [String: JSONValue] = [:]
        for _ in 0..<3 {
            let reply = try XCTUnwrap(try client.reply(), k.standardError)
            status[reply.parentHeader["msg_id"]?.stringValue ?? ""] = reply.content["status"]
        }
        XCTAssertEqual(status[failing["msg_id"]?.stringValue ?? "-"], .string("error"))
        XCTAssertEqual(status[queued["msg_id"]?.stringValue ?? "-"], .string("aborted"))
        // The failing request's stop_on_error decides, not the queued one's.
        XCTAssertEqual(status[unstopped["msg_id"]?.stringValue ?? "-"], .string("aborted"))
        let aborted = try client.iopub(until: queued)
        XCTAssertEqual(
            aborted.map { $0.content["execution_state"] }, [.string("busy"), .string("idle")])
        let next = try client.send("execute_request", .strings([("code", "print(4)")]))
        XCTAssertEqual(try client.reply()?.content["status"], .string("ok"))
        XCTAssertTrue(try client.iopub(until: next).contains { $0.messageType == "stream" })
    }

    /// The tcp transport, and shutdown on the shell channel (older clients send it there).
    func testTCPAndShutdownOnTheShellChannel() throws {
        let (k, client) = try started(transport: "tcp")
        let execute = try client.send("execute_request", .strings([("code", "1 + 1")]))
        XCTAssertEqual(try client.reply()?.content["status"], .string("ok"))
        assertBusyThenIdle(try client.iopub(until: execute))
        try client.send("shutdown_request", .object([JSONMember("restart", .bool(false))]))
        let shutdown = try XCTUnwrap(try client.reply())
        XCTAssertEqual(shutdown.content["restart"], .bool(false))
        XCTAssertEqual(k.waitForExit(seconds: 5), 0, k.standardError)
    }

    /// A missing or unusable connection file, and a port in use: a clear
    /// line and the exit code of its kind.
    func testStartUpFailuresSayWhatIsWrong() throws {
        let binary = Subprocess.gradlabBinary
        let missing = Subprocess.run(
            binary, ["kernel", "-f", "/no/such/connection.json"], mergingErrors: true)
        XCTAssertEqual(missing.status, 66)
        XCTAssertEqual(
            missing.output,
            "gradlab kernel: cannot use the connection file /no/such/connection.json: No such file or directory\n"
        )

        let k = try KernelTestProcess(transport: "tcp")
        kernel = k
        try "{\"shell_port\": 1}".write(
            toFile: k.connectionFile, atomically: true, encoding: .utf8)
        let invalid = Subprocess.run(
            binary, ["kernel", "-f", k.connectionFile], mergingErrors: true)
        XCTAssertEqual(invalid.status, 65)
        XCTAssertEqual(
            invalid.output,
            "gradlab kernel: cannot use the connection file \(k.connectionFile): \"iopub_port\" is missing\n"
        )

        // Something else listens on the shell port.
        let context = try ZMQContext()
        defer { context.terminate() }
        let squatter = try ZMQSocket(context, .router, lingerMilliseconds: 0)
        defer { squatter.close() }
        try squatter.bind(k.connection.endpoint(k.connection.shellPort))
        try k.start()
        XCTAssertEqual(k.waitForExit(seconds: 10), 69)
        XCTAssertEqual(
            k.standardError,
            "gradlab kernel: cannot listen on tcp://127.0.0.1:\(k.connection.shellPort) (the shell channel): Address already in use\n"
        )

        let usage = Subprocess.run(binary, ["kernel"], mergingErrors: true)
        XCTAssertEqual(usage.status, 64)
        XCTAssertTrue(
            usage.output.hasPrefix(
                "gradlab kernel: expected -f CONNECTION_FILE, install or uninstall\n"),
            usage.output)
    }
}
