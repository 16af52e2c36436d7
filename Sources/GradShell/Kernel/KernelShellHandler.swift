import GradEngine

/// Answers the shell channel's requests with the kernel's one `KernelSession`:
/// what each request publishes on IOPub goes to `publish` (a message type and
/// its content) as it happens, and the reply is returned. Nothing here knows
/// about sockets, so the tests drive it directly.
final class KernelShellHandler {
    let session: KernelSession

    init(session: KernelSession) { self.session = session }

    /// The reply to `request`; nil for a message that has none (comm
    /// messages) or a type the kernel does not know (`log` says so).
    func handle(
        _ request: KernelMessage, publish: (String, JSONValue) -> Void, log: (String) -> Void
    ) -> KernelReply? {
        let content = request.content
        switch request.messageType {
        case "kernel_info_request":
            return KernelReply(type: "kernel_info_reply", content: KernelInfo.reply)
        case "execute_request":
            return execute(content, publish: publish)
        case "is_complete_request":
            return isComplete(content)
        case "complete_request":
            return complete(content)
        case "inspect_request":
            return inspect(content)
        case "history_request":
            return history(content)
        case "comm_info_request":
            return KernelReply(type: "comm_info_reply", content: KernelRequests.commInfo)
        case "shutdown_request":
            return KernelRequests.shutdown(content)
        case "comm_open":
            // No comm targets: close it at once, as ipykernel does for an unknown target.
            let target = content["target_name"]?.stringValue ?? "?"
            log("no comm target '\(target)': closing the comm")
            publish(
                "comm_close",
                .object([
                    JSONMember("comm_id", content["comm_id"] ?? .string("")),
                    JSONMember("data", .object([])),
                ]))
            return nil
        case "comm_msg", "comm_close":
            return nil
        default:
            log("unknown message type '\(request.messageType)' on the shell channel: ignored")
            return nil
        }
    }

    /// The reply to an `execute_request` that is not run because an earlier cell failed.
    static let abortedExecuteReply = KernelReply(
        type: "execute_reply", content: .object([JSONMember("status", .string("aborted"))]))

    /// `execute_request`: `execute_input`, the cell's outputs, `error` when it
    /// fails, and the reply.
    private func execute(_ content: JSONValue, publish: (String, JSONValue) -> Void)
        -> KernelReply
    {
        let code = content["code"]?.stringValue ?? ""
        let silent = content["silent"]?.boolValue ?? false
        // A silent cell never enters the history (the protocol's rule).
        let storeHistory = !silent && (content["store_history"]?.boolValue ?? true)
        let stopOnError = content["stop_on_error"]?.boolValue ?? true
        if !silent {
            publish(
                "execute_input",
                .object([
                    JSONMember("code", .string(code)),
                    JSONMember("execution_count", .int(session.nextExecutionCount)),
                ]))
        }
        let result = session.execute(code, silent: silent, storeHistory: storeHistory) {
            output in
            let message = output.message
            publish(message.type, message.content)
        }
        let count = JSONMember("execution_count", .int(result.executionCount))
        switch result.status {
        case .ok:
            return KernelReply(
                type: "execute_reply",
                content: .object([
                    JSONMember("status", .string("ok")), count,
                    JSONMember("user_expressions", .object([])), JSONMember("payload", .array([])),
                ]))
        case .error(let ename, let evalue, let traceback):
            let error = [
                JSONMember("ename", .string(ename)), JSONMember("evalue", .string(evalue)),
                JSONMember("traceback", .array(traceback.map { .string($0) })),
            ]
            if !silent { publish("error", .object(error)) }
            return KernelReply(
                type: "execute_reply",
                content: .object([JSONMember("status", .string("error")), count] + error),
                next: stopOnError ? .abortQueuedExecutes : .carryOn)
        }
    }

    private func isComplete(_ content: JSONValue) -> KernelReply {
        var members: [JSONMember]
        switch session.isComplete(content["code"]?.stringValue ?? "") {
        case .complete: members = [JSONMember("status", .string("complete"))]
        case .incomplete(let indent):
            members = [
                JSONMember("status", .string("incomplete")), JSONMember("indent", .string(indent)),
            ]
        case .invalid: members = [JSONMember("status", .string("invalid"))]
        case .unknown: members = [JSONMember("status", .string("unknown"))]
        }
        return KernelReply(type: "is_complete_reply", content: .object(members))
    }

    private func complete(_ content: JSONValue) -> KernelReply {
        let code = content["code"]?.stringValue ?? ""
        let cursor = KernelRequests.cursor(content, in: code)
        let completion = session.complete(code, cursor: cursor)
        return KernelReply(
            type: "complete_reply",
            content: .object([
                JSONMember("status", .string("ok")),
                JSONMember("matches", .array(completion.matches.map { .string($0) })),
                JSONMember("cursor_start", .int(completion.cursorStart)),
                JSONMember("cursor_end", .int(completion.cursorEnd)),
                JSONMember("metadata", .object([])),
            ]))
    }

    private func inspect(_ content: JSONValue) -> KernelReply {
        let code = content["code"]?.stringValue ?? ""
        let bundle = session.inspect(
            code, cursor: KernelRequests.cursor(content, in: code),
            detailLevel: content["detail_level"]?.intValue ?? 0)
        return KernelReply(
            type: "inspect_reply",
            content: .object([
                JSONMember("status", .string("ok")), JSONMember("found", .bool(bundle != nil)),
                JSONMember("data", bundle.map(KernelOutput.json) ?? .object([])),
                JSONMember("metadata", .object([])),
            ]))
    }

    /// `history_request`. With `output` the protocol wants `[input, output]`
    /// as the third item; cells' outputs are not kept, so it is `[input, null]`.
    private func history(_ content: JSONValue) -> KernelReply {
        let entries = session.history(KernelRequests.historyAccess(content))
        let withOutput = content["output"]?.boolValue ?? false
        return KernelReply(
            type: "history_reply",
            content: .object([
                JSONMember("status", .string("ok")),
                JSONMember(
                    "history",
                    .array(
                        entries.map {
                            let input = JSONValue.string($0.input)
                            return .array([
                                .int($0.session), .int($0.line),
                                withOutput ? .array([input, .null]) : input,
                            ])
                        })),
            ]))
    }
}
