import XCTest

@testable import GradLanguage
@testable import GradShell

/// Completion that knows where it is: after `act:` only activations, after
/// `init:` init schemes, after `opt:` optimizers, after `loss:` losses, and
/// inside a string paths.
final class CompletionContextTests: XCTestCase {
    /// A completer over a session that has bound one value of each kind.
    private func completer() -> Completer {
        let interpreter = Interpreter()
        interpreter.output = { _ in }
        _ = interpreter.run(
            Source(
                name: "t.grad",
                text: """
                    let net = model(inputs: 2) { dense(3) }
                    let d = spiral(points: 30)
                    let my_act = leaky_relu(slope: 0.2)
                    let my_init = normal(std: 0.1)
                    let my_opt = adam()
                    let my_loss = cross_entropy(from_logits: false)
                    let my_number = 3
                    """))
        return Completer(interpreter: interpreter)
    }

    func testAfterActOnlyActivations() {
        let c = completer()
        // The example: not lecun_normal, len or let beside leaky_relu.
        XCTAssertEqual(c.candidates(for: "dense(8, act: le").matches, ["leaky_relu"])
        var shown: [String] = []
        XCTAssertEqual(c.complete("dense(8, act: le") { shown.append($0) }, "aky_relu")
        let all = c.candidates(for: "dense(8, act: ").matches
        XCTAssertTrue(
            all.contains("relu") && all.contains("tanh") && all.contains("swish"), "\(all)")
        XCTAssertTrue(all.contains("my_act"), "the session's activations too: \(all)")
        XCTAssertFalse(
            all.contains { ["he_normal", "let", "len", "mse", "sgd", "my_number"].contains($0) },
            "\(all)")
        // Also in a model block, and for gain(act:).
        XCTAssertEqual(
            c.candidates(for: "model(inputs: 2) { dense(8, act: si").matches,
            ["sigmoid", "silu"])
        XCTAssertEqual(c.candidates(for: "gain(act: ta").matches, ["tanh"])
    }

    func testAfterInitOnlyInitSchemes() {
        let c = completer()
        XCTAssertEqual(
            c.candidates(for: "dense(8, init: ").matches,
            [
                "constant", "glorot", "glorot_normal", "glorot_uniform", "he", "he_normal",
                "he_uniform", "kaiming", "kaiming_normal", "kaiming_uniform", "lecun_normal",
                "lecun_uniform", "my_init", "normal", "orthogonal", "uniform", "xavier",
                "xavier_normal", "xavier_uniform", "zeros",
            ])
        XCTAssertEqual(c.candidates(for: "dense(8, bias_init: ze").matches, ["zeros"])
        XCTAssertEqual(
            c.candidates(for: "reinit(net, init: ka").matches,
            ["kaiming", "kaiming_normal", "kaiming_uniform"])
    }

    func testAfterOptOnlyOptimizers() {
        let c = completer()
        XCTAssertEqual(
            c.candidates(for: "train(net, d, opt: ").matches,
            ["adadelta", "adagrad", "adam", "adamax", "adamw", "my_opt", "nadam", "rmsprop", "sgd"])
        XCTAssertEqual(c.candidates(for: "step(net, d, opt: ad").matches.first, "adadelta")
    }

    func testAfterLossOnlyLosses() {
        let c = completer()
        XCTAssertEqual(
            c.candidates(for: "train(net, d, loss: ").matches,
            ["bce", "cross_entropy", "mae", "mse", "my_loss"])
        XCTAssertEqual(
            c.candidates(for: "evaluate(net, d, loss: m").matches, ["mae", "mse", "my_loss"])
    }

    func testOtherPlacesAreAsBefore() {
        let c = completer()
        // A label that takes a number, or no label: every name.
        XCTAssertEqual(
            c.candidates(for: "train(net, d, epochs: my_").matches,
            ["my_act", "my_init", "my_loss", "my_number", "my_opt"])
        XCTAssertEqual(
            c.candidates(for: "le").matches,
            ["leaky_relu", "lecun_normal", "lecun_uniform", "len", "let"].sorted())
        // No name of the kind fits: the other names are offered.
        XCTAssertEqual(c.candidates(for: "dense(8, act: my_n").matches, ["my_number"])
        // Labels of the call still complete.
        XCTAssertEqual(c.candidates(for: "dense(8, ac").matches, ["act:"])
        // Inside a string: paths, even after a label.
        let folder = NSTemporaryDirectory() + "gradlab-complete-\(getpid())"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        XCTAssertTrue(
            FileManager.default.createFile(atPath: folder + "/relu_model.json", contents: Data()))
        defer { try? FileManager.default.removeItem(atPath: folder) }
        XCTAssertEqual(c.candidates(for: "load(\"\(folder)/re").matches, ["relu_model.json"])
        XCTAssertEqual(
            c.candidates(for: "plot(h, title: \"\(folder)/re").matches, ["relu_model.json"])
    }
}
