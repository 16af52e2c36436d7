import GradEngine
import XCTest

@testable import GradShell

/// What each shell request publishes and replies, without sockets. The
/// session's own answers are KernelSession's tests; these check the messages
/// that carry them.
final class KernelShellHandlerTests: XCTestCase {
    private struct Run {
        var published: [(type: String, content: JSONValue)] = []
        var logged: [String] = []
        var reply: KernelReply?
    }

    private func run(
        _ type: String, _ content: JSONValue, handler: KernelShellHandler? = nil
    ) -> Run {
        let handler = handler ?? KernelShellHandler(session: KernelSession())
        var run = Run()
        let request = KernelMessage(
            header: .strings([("msg_id", "m"), ("msg_type", type)]), content: content)
        run.reply = handler.handle(
            request, publish: { run.published.append(($0, $1)) }, log: { run.logged.append($0) })
        return run
    }

    func testKernelInfoDescribesGradLab() throws {
        let reply = try XCTUnwrap(run("kernel_info_request", .object([])).reply)
        XCTAssertEqual(reply.type, "kernel_info_reply")
        let c = reply.content
        XCTAssertEqual(c["status"], .string("ok"))
        XCTAssertEqual(c["protocol_version"], .string("5.3"))
        XCTAssertEqual(c["implementation"], .string("gradlab"))
        XCTAssertEqual(c["implementation_version"], .string(gradLabVersion))
        let language = try XCTUnwrap(c["language_info"])
        XCTAssertEqual(language["name"], .string("grad"))
        XCTAssertEqual(language["version"], .string(gradLabVersion))
        XCTAssertEqual(language["file_extension"], .string(".grad"))
        XCTAssertEqual(language["mimetype"], .string("text/x-grad"))
        XCTAssertEqual(language["pygments_lexer"], .string("grad"))
        XCTAssertEqual(language["codemirror_mode"], .string("text/x-grad"))
        XCTAssertTrue(c["banner"]?.stringValue?.hasPrefix("GradLab \(gradLabVersion)") == true)
        XCTAssertEqual(c["help_links"], .array([]))
    }

    /// execute_input (with the count the cell gets), then the reply.
    func testExecutePublishesTheInputAndRepliesWithTheCount() throws {
        let handler = KernelShellHandler(session: KernelSession())
        for n in 1...2 {
            let r = run("execute_request", .strings([("code", "let x = \(n)")]), handler: handler)
            XCTAssertEqual(r.published.first?.type, "execute_input")
            XCTAssertEqual(
                r.published.first?.content,
                .object([
                    JSONMember("code", .string("let x = \(n)")),
                    JSONMember("execution_count", .int(n)),
                ]))
            let reply = try XCTUnwrap(r.reply)
            XCTAssertEqual(reply.type, "execute_reply")
            XCTAssertEqual(reply.content["status"], .string("ok"))
            XCTAssertEqual(reply.content["execution_count"], .int(n))
            XCTAssertEqual(reply.content["user_expressions"], .object([]))
            XCTAssertEqual(reply.next, .carryOn)
        }
    }

    /// A silent cell publishes no execute_input and takes no number.
    func testASilentCellPublishesNothing() throws {
        let handler = KernelShellHandler(session: KernelSession())
        let silent = run(
            "execute_request",
            .object([JSONMember("code", .string("1")), JSONMember("silent", .bool(true))]),
            handler: handler)
        XCTAssertTrue(silent.published.isEmpty)
        XCTAssertEqual(silent.reply?.content["execution_count"], .int(1))
        let next = run("execute_request", .strings([("code", "2")]), handler: handler)
        XCTAssertEqual(next.reply?.content["execution_count"], .int(1))
    }

    /// Each output kind becomes its IOPub message; MIME types in sorted order.
    func testOutputsBecomeTheirMessages() {
        let bundle: MIMEBundle = ["text/plain": "t", "image/svg+xml": "<svg/>"]
        let data = JSONValue.strings([("image/svg+xml", "<svg/>"), ("text/plain", "t")])
        XCTAssertEqual(
            KernelOutput.stream(.stdout, text: "hi\n").message.type, "stream")
        XCTAssertEqual(
            KernelOutput.stream(.stderr, text: "hi\n").message.content,
            .strings([("name", "stderr"), ("text", "hi\n")]))
        let display = KernelOutput.display(bundle, displayID: "p1").message
        XCTAssertEqual(display.type, "display_data")
        XCTAssertEqual(
            display.content,
            .object([
                JSONMember("data", data), JSONMember("metadata", .object([])),
                JSONMember("transient", .strings([("display_id", "p1")])),
            ]))
        XCTAssertNil(KernelOutput.display(bundle, displayID: nil).message.content["transient"])
        let update = KernelOutput.updateDisplay(bundle, displayID: "p1").message
        XCTAssertEqual(update.type, "update_display_data")
        XCTAssertEqual(update.content["transient"], .strings([("display_id", "p1")]))
        let result = KernelOutput.executeResult(bundle, executionCount: 4).message
        XCTAssertEqual(result.type, "execute_result")
        XCTAssertEqual(result.content["execution_count"], .int(4))
        XCTAssertEqual(result.content["data"], data)
        XCTAssertEqual(
            KernelOutput.clearOutput(wait: true).message.content,
            .object([JSONMember("wait", .bool(true))]))
    }

    /// Each reply carries the session's answer (asked of a second session
    /// here) in the protocol's fields.
    func testTheOtherRequestsCarryTheSessionsAnswers() throws {
        let session = KernelSession()
        let completion = session.complete("print(re", cursor: 8)
        let complete = try XCTUnwrap(
            run(
                "complete_request",
                .object([
                    JSONMember("code", .string("print(re")), JSONMember("cursor_pos", .int(8)),
                ])
            ).reply)
        XCTAssertEqual(complete.type, "complete_reply")
        XCTAssertEqual(complete.content["matches"], .array(completion.matches.map { .string($0) }))
        XCTAssertEqual(complete.content["cursor_start"], .int(completion.cursorStart))
        XCTAssertEqual(complete.content["cursor_end"], .int(completion.cursorEnd))
        XCTAssertEqual(complete.content["status"], .string("ok"))

        let help = session.inspect("relu", cursor: 2, detailLevel: 0)
        let inspect = try XCTUnwrap(
            run(
                "inspect_request",
                .object([JSONMember("code", .string("relu")), JSONMember("cursor_pos", .int(2))])
            ).reply)
        XCTAssertEqual(inspect.type, "inspect_reply")
        XCTAssertEqual(inspect.content["found"], .bool(help != nil))
        XCTAssertEqual(inspect.content["data"], help.map(KernelOutput.json) ?? .object([]))

        let expected: [(String, KernelCompleteness)] = [
            ("x", session.isComplete("x")),
            ("model(inputs: 2) {", session.isComplete("model(inputs: 2) {")),
        ]
        for (code, answer) in expected {
            let reply = try XCTUnwrap(run("is_complete_request", .strings([("code", code)])).reply)
            XCTAssertEqual(reply.type, "is_complete_reply")
            switch answer {
            case .complete: XCTAssertEqual(reply.content, .strings([("status", "complete")]))
            case .invalid: XCTAssertEqual(reply.content, .strings([("status", "invalid")]))
            case .unknown: XCTAssertEqual(reply.content, .strings([("status", "unknown")]))
            case .incomplete(let indent):
                XCTAssertEqual(
                    reply.content, .strings([("status", "incomplete"), ("indent", indent)]))
            }
        }

        // The history of a handler's own session: its cells, as [session, line, input].
        let handler = KernelShellHandler(session: KernelSession())
        _ = run("execute_request", .strings([("code", "let h = 1")]), handler: handler)
        let entries = handler.session.history(.tail(count: 10))
        let history = try XCTUnwrap(
            run("history_request", .strings([("hist_access_type", "tail")]), handler: handler)
                .reply)
        XCTAssertEqual(history.type, "history_reply")
        XCTAssertEqual(
            history.content["history"],
            .array(entries.map { .array([.int($0.session), .int($0.line), .string($0.input)]) }))
        let withOutput = try XCTUnwrap(
            run(
                "history_request",
                .object([
                    JSONMember("hist_access_type", .string("tail")),
                    JSONMember("output", .bool(true)),
                ]), handler: handler
            ).reply)
        XCTAssertEqual(
            withOutput.content["history"],
            .array(
                entries.map {
                    .array([.int($0.session), .int($0.line), .array([.string($0.input), .null])])
                }))
        let comms = try XCTUnwrap(run("comm_info_request", .object([])).reply)
        XCTAssertEqual(
            comms.content,
            .object([JSONMember("status", .string("ok")), JSONMember("comms", .object([]))]))
        let shutdown = try XCTUnwrap(
            run("shutdown_request", .object([JSONMember("restart", .bool(true))])).reply)
        XCTAssertEqual(shutdown.type, "shutdown_reply")
        XCTAssertEqual(shutdown.content["restart"], .bool(true))
        XCTAssertEqual(shutdown.next, .shutDown)
    }

    /// An unknown type is logged, not answered; a comm_open is closed at once.
    func testUnknownMessagesAreLoggedAndCommsClosed() {
        let unknown = run("frobnicate_request", .object([]))
        XCTAssertNil(unknown.reply)
        XCTAssertEqual(
            unknown.logged,
            ["unknown message type 'frobnicate_request' on the shell channel: ignored"])
        let comm = run(
            "comm_open", .strings([("comm_id", "c1"), ("target_name", "jupyter.widget")]))
        XCTAssertNil(comm.reply)
        XCTAssertEqual(comm.published.map(\.type), ["comm_close"])
        XCTAssertEqual(comm.published.first?.content["comm_id"], .string("c1"))
    }

    /// history_request's fields become the session's access; cursors stay in the code.
    func testRequestFieldsAreReadWithDefaults() {
        XCTAssertEqual(
            KernelRequests.historyAccess(
                .object([JSONMember("hist_access_type", .string("tail")), JSONMember("n", .int(3))])
            ),
            .tail(count: 3))
        XCTAssertEqual(KernelRequests.historyAccess(.object([])), .tail(count: 10))
        XCTAssertEqual(
            KernelRequests.historyAccess(
                .object([
                    JSONMember("hist_access_type", .string("range")), JSONMember("start", .int(2)),
                    JSONMember("stop", .int(5)),
                ])),
            .range(start: 2, stop: 5))
        XCTAssertEqual(
            KernelRequests.historyAccess(
                .object([
                    JSONMember("hist_access_type", .string("search")),
                    JSONMember("pattern", .string("x*")),
                    JSONMember("unique", .bool(true)),
                ])),
            .search(pattern: "x*", count: nil, unique: true))
        XCTAssertEqual(
            KernelRequests.cursor(.object([JSONMember("cursor_pos", .int(99))]), in: "héllo"), 5)
        XCTAssertEqual(KernelRequests.cursor(.object([]), in: "héllo"), 5)
        XCTAssertEqual(
            KernelRequests.cursor(.object([JSONMember("cursor_pos", .int(-1))]), in: "x"), 0)
    }
}
