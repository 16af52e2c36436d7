import GradEngine

/// Each output as the IOPub message that shows it.
extension KernelOutput {
    /// The message type and content that carry this output.
    var message: (type: String, content: JSONValue) {
        switch self {
        case .stream(let name, let text):
            return ("stream", .strings([("name", name.rawValue), ("text", text)]))
        case .display(let bundle, let displayID):
            var members = [
                JSONMember("data", KernelOutput.json(bundle)), JSONMember("metadata", .object([])),
            ]
            if let displayID {
                members.append(JSONMember("transient", .strings([("display_id", displayID)])))
            }
            return ("display_data", .object(members))
        case .updateDisplay(let bundle, let displayID):
            return (
                "update_display_data",
                .object([
                    JSONMember("data", KernelOutput.json(bundle)),
                    JSONMember("metadata", .object([])),
                    JSONMember("transient", .strings([("display_id", displayID)])),
                ])
            )
        case .executeResult(let bundle, let executionCount):
            return (
                "execute_result",
                .object([
                    JSONMember("execution_count", .int(executionCount)),
                    JSONMember("data", KernelOutput.json(bundle)),
                    JSONMember("metadata", .object([])),
                ])
            )
        case .clearOutput(let wait):
            return ("clear_output", .object([JSONMember("wait", .bool(wait))]))
        }
    }

    /// A MIME bundle as a JSON object, its types in a fixed (sorted) order.
    static func json(_ bundle: MIMEBundle) -> JSONValue {
        .strings(bundle.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }
}
