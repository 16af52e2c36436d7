import XCTest

@testable import GradLanguage
@testable import GradShell

/// `name.<Tab>` offers exactly the members `name.member` serves, for every
/// kind of value that has members (the lists used to be kept apart and drifted:
/// a diagnosis, a table and a list offered nothing).
final class CompletionMembersTests: XCTestCase {
    /// One value of each kind with members, and a record.
    static let program = """
        seed(1)
        let data = spiral(points: 30)
        let net = model(inputs: 2) { dense(4, act: relu); dense(3) }
        let h = train(net, data, epochs: 1, batch: 10)
        let opt = sgd()
        let d = diagnose(h)
        let p = plot([1, 2, 3])
        let t = grads(net, data)
        let xs = [1, 2]
        let r = evaluate(net, data)
        let tr = try_remedies(h, seeds: 2, top: 1)
        """

    /// What a user sees after `name.<Tab>`, for each value of the program.
    static let offered: [String: [String]] = [
        "net": ["inputs", "layers", "optimizer", "outputs", "params"],
        "data": ["classes", "features", "kind", "name", "size", "x", "y"],
        "h": [
            "accuracy", "clipped", "data_loss", "epochs", "grad_norms", "layers", "loss",
            "penalty_loss", "seconds", "step_loss", "steps", "update_ratios", "val_accuracy",
            "val_loss",
        ],
        "opt": ["lr", "name", "steps"],
        "d": ["findings", "healthy", "measured", "names", "observations"],
        "p": ["kind", "labels", "log", "svg", "title"],
        "t": ["columns", "layers", "notes", "rows"],
        "tr": ["best", "columns", "layers", "notes", "rows"],
        "xs": ["length"],
        "r": ["accuracy", "loss"],
    ]

    /// The error message of `text`, or nil when it runs.
    private func error(_ text: String, in interpreter: Interpreter) -> String? {
        if case .runtimeError(let d) = interpreter.run(Source(name: "t.grad", text: text)) {
            return d.message
        }
        return nil
    }

    func testCompletionOffersExactlyTheMembersAccessServes() {
        let interpreter = Interpreter()
        interpreter.output = { _ in }
        XCTAssertNil(error(Self.program, in: interpreter))
        let completer = Completer(interpreter: interpreter)
        var kinds: Set<ValueKind> = []
        for (name, expected) in Self.offered {
            let offered = completer.candidates(for: "\(name).").matches
            XCTAssertEqual(offered, expected, "\(name).<Tab>")
            // Access serves every name offered...
            for member in offered {
                XCTAssertNil(error("\(name).\(member)", in: interpreter), "\(name).\(member)")
            }
            // ...and knows no other: its list of members is the same.
            let message = error("\(name).no_such_member", in: interpreter) ?? ""
            let listed = message.components(separatedBy: "(members: ").last?
                .dropLast().components(separatedBy: ", ")
            XCTAssertEqual(listed?.sorted(), offered, message)
            if let value = interpreter.globals.lookup(name), let kind = ValueKind(of: value) {
                kinds.insert(kind)
            }
        }
        XCTAssertEqual(kinds, Set(ValueKind.allCases), "a kind with members is not checked here")
        // A prefix narrows the list; values without members offer nothing.
        XCTAssertEqual(completer.candidates(for: "d.n").matches, ["names"])
        XCTAssertEqual(completer.candidates(for: "seed.").matches, [])
    }
}
