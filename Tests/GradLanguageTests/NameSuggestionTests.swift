import XCTest

@testable import GradLanguage

/// The names a PyTorch or Keras user types: a name in the wrong case, a
/// swapped pair of letters, another library's name for an init scheme, and
/// the long form of an argument label.
final class NameSuggestionTests: XCTestCase {
    /// The first error message of `text`, or nil when it runs.
    private func error(_ text: String) -> String? {
        let i = Interpreter()
        i.output = { _ in }
        switch i.run(Source(name: "t.grad", text: text)) {
        case .runtimeError(let d): return d.message
        case .syntaxErrors(let d): return d.first?.message
        case .success, .cancelled: return nil
        }
    }

    func testCaseIsIgnoredBeforeEditsAreCounted() {
        // `Relu` is one deletion from `elu` too: the name that differs only in case wins.
        XCTAssertEqual(nearest("Relu", among: ["elu", "relu", "selu"]), "relu")
        XCTAssertEqual(nearest("Tanh", among: ["tanh", "than"]), "tanh")
        XCTAssertEqual(nearest("RELU", among: ["elu", "relu"]), "relu")
        // Keras's class name: case aside, one edit.
        XCTAssertEqual(nearest("LeakyReLU", among: ["leaky_relu", "relu"]), "leaky_relu")
        XCTAssertEqual(
            error("dense(3, act: Relu)"), "'Relu' is not defined: did you mean 'relu'?")
        XCTAssertEqual(
            error("dense(3, act: Tanh)"), "'Tanh' is not defined: did you mean 'tanh'?")
    }

    func testASwapOfNeighbouringLettersIsOneEdit() {
        let meta = ["help", "load", "save", "notebook", "vars", "reset", "history", "time", "quit"]
        XCTAssertEqual(nearest("hlep", among: meta), "help")
        XCTAssertEqual(nearest("hepl", among: meta), "help")
        XCTAssertEqual(nearest("vras", among: meta), "vars")
        XCTAssertEqual(nearest("histroy", among: meta), "history")
        // Still nothing for a name that is not a likely typo.
        XCTAssertNil(nearest("xyz", among: meta))
        XCTAssertNil(nearest("hl", among: meta))
    }

    func testPyTorchAndKerasInitNamesAreAliases() {
        let i = Interpreter()
        var shown: [String] = []
        i.output = { shown.append($0) }
        _ = i.run(
            Source(
                name: "t.grad",
                text:
                    "print(kaiming, kaiming_normal, kaiming_uniform, glorot_normal, glorot_uniform)"
            ))
        XCTAssertEqual(shown, ["he_normal he_normal he_uniform xavier_normal xavier_uniform"])
    }

    func testLongFormsOfLabelsSuggestOurs() {
        let net = "let net = model(inputs: 2) { dense(3) }\nlet d = spiral(points: 30)\n"
        XCTAssertEqual(
            error("dense(8, activation: relu)"),
            "dense() has no argument 'activation': did you mean 'act'?")
        XCTAssertEqual(
            error(net + "train(net, d, optimizer: adam())"),
            "train() has no argument 'optimizer': did you mean 'opt'?")
        XCTAssertEqual(
            error("sgd(learning_rate: 0.1)"),
            "sgd() has no argument 'learning_rate': did you mean 'lr'?")
        XCTAssertEqual(
            error("adam(lr_rate: 0.01)"), "adam() has no argument 'lr_rate': did you mean 'lr'?")
        XCTAssertEqual(
            error(net + "train(net, d, epoch: 3)"),
            "train() has no argument 'epoch': did you mean 'epochs'?")
        XCTAssertEqual(
            error(net + "train(net, d, batch_size: 8)"),
            "train() has no argument 'batch_size': did you mean 'batch'?")
        XCTAssertEqual(
            error(net + "step(net, d, batch_size: 8)"),
            "step() has no argument 'batch_size': did you mean 'batch'?")
    }

    func testASettingOfTheOptimizerSaysWhereItGoes() {
        let net = "let net = model(inputs: 2) { dense(3) }\nlet d = spiral(points: 30)\n"
        XCTAssertEqual(
            error(net + "train(net, d, learning_rate: 0.1)"),
            "train() has no argument 'learning_rate': did you mean 'opt: sgd(lr: 0.1)'?")
        XCTAssertEqual(
            error(net + "train(net, d, lr: 0.05)"),
            "train() has no argument 'lr': did you mean 'opt: sgd(lr: 0.05)'?")
        XCTAssertEqual(
            error(net + "train(net, d, momentum: 0.9)"),
            "train() has no argument 'momentum': did you mean 'opt: sgd(momentum: 0.9)'?")
        // The optimizer the call names, when it takes the setting; else one that does.
        XCTAssertEqual(
            error(net + "train(net, d, opt: adam(), learning_rate: 0.01)"),
            "train() has no argument 'learning_rate': did you mean 'opt: adam(lr: 0.01)'?")
        XCTAssertEqual(
            error(net + "train(net, d, weight_decay: 0.01)"),
            "train() has no argument 'weight_decay': did you mean 'opt: adamw(weight_decay: 0.01)'?"
        )
    }

    /// Every long form points at a label some builtin takes, so no entry of
    /// the table can suggest a label that does not exist.
    func testEveryLongFormNamesALabelOfSomeBuiltin() {
        let labels = Set(Builtins.all.flatMap { $0.parameters.map(\.name) })
        for (long, ours) in LabelSuggestion.longForms {
            XCTAssertTrue(labels.contains(ours), "\(long) → \(ours)")
            XCTAssertFalse(labels.contains(long), "\(long) is a label of its own")
        }
    }
}
