import XCTest

@testable import GradLanguage

/// The settings of `train`, `step` and the optimizers are checked once, by the
/// engine (`TrainingOptions.problem`, `Optimizer.Kind.problem`); the language
/// only checks their types and words the engine's refusal for the argument,
/// with the messages it always had.
final class SettingValidationTests: XCTestCase {
    /// The error `text` stops with, as "line:column: message", or nil.
    private func error(_ text: String) -> String? {
        let interpreter = Interpreter()
        interpreter.output = { _ in }
        guard case .runtimeError(let d) = interpreter.run(Source(name: "t.grad", text: text))
        else { return nil }
        return "\(d.location.line):\(d.location.column): \(d.message)"
    }

    private let net = "let n = model(inputs: 2) { dense(3) }\n"

    func testTrainingOptionsAreRefusedInTheLanguagesWords() {
        let train = "train(n, spiral(points: 30), "
        XCTAssertEqual(
            error(net + train + "batch: 0)"),
            "2:30: train(): 'batch' must be a whole number ≥ 1, found 0")
        XCTAssertEqual(
            error(net + train + "batch: -3)"),
            "2:30: train(): 'batch' must be a whole number ≥ 1, found -3")
        // Not a whole number: the language's own check, in the same words.
        XCTAssertEqual(
            error(net + train + "batch: 0.5)"),
            "2:30: train(): 'batch' must be a whole number ≥ 1, found 0.5")
        XCTAssertEqual(
            error(net + train + "batch: 1e10)"),
            "2:30: train(): 'batch' must be a whole number ≥ 1, found 10000000000")
        XCTAssertEqual(
            error(net + train + "clip_value: -1)"),
            "2:30: train(): 'clip_value' must be > 0, found -1")
        XCTAssertEqual(
            error(net + train + "l1: -1)"), "2:30: train(): 'l1' must be ≥ 0, found -1")
        XCTAssertEqual(
            error(net + train + "l2: -0.5)"), "2:30: train(): 'l2' must be ≥ 0, found -0.5")
        XCTAssertEqual(
            error(net + train + "epochs: -1)"),
            "2:30: train(): 'epochs' must be a whole number from 0 to 10000000, found -1")
        XCTAssertEqual(
            error(net + "step(n, spiral(points: 30), l1: -2)"),
            "2:29: step(): 'l1' must be ≥ 0, found -2")
        XCTAssertEqual(
            error(net + "step(n, spiral(points: 30), batch: 0)"),
            "2:29: step(): 'batch' must be a whole number ≥ 1, found 0")
    }

    func testOptimizerSettingsAreRefusedInTheLanguagesWords() {
        XCTAssertEqual(error("sgd(lr: -1)"), "1:5: sgd(): 'lr' must be ≥ 0, found -1")
        XCTAssertEqual(
            error("sgd(momentum: -1)"), "1:5: sgd(): 'momentum' must be ≥ 0, found -1")
        XCTAssertEqual(
            error("sgd(nesterov: true)"), "1:5: sgd(): 'nesterov: true' needs a momentum > 0")
        XCTAssertEqual(
            error("adam(beta1: 1)"), "1:6: adam(): 'beta1' must be in [0, 1), found 1")
        XCTAssertEqual(error("adam(eps: -1)"), "1:6: adam(): 'eps' must be ≥ 0, found -1")
        XCTAssertEqual(
            error("adamw(weight_decay: -1)"),
            "1:7: adamw(): 'weight_decay' must be ≥ 0, found -1")
        XCTAssertEqual(
            error("rmsprop(alpha: 2)"), "1:9: rmsprop(): 'alpha' must be in [0, 1], found 2")
        XCTAssertNil(error("sgd(lr: 0.5, momentum: 0.9, nesterov: true)"))
    }

    func testDataSettingsAreRefusedInTheLanguagesWords() {
        XCTAssertEqual(
            error("circles(factor: 1)"), "1:8: circles(): 'factor' must be in [0, 1), found 1")
        XCTAssertEqual(error("sine(noise: -2)"), "1:6: sine(): 'noise' must be ≥ 0, found -2")
        XCTAssertEqual(
            error("split(spiral(), 0)"),
            "1:6: split(): 'fraction' must be between 0 and 1 (exclusive), found 0")
        XCTAssertEqual(
            error("split(xor(points: 1), 0.5)"),
            "1:6: split(): 'data' has 1 sample; a split needs at least 2")
        XCTAssertEqual(
            error("split(xor(points: 10), 0.01)"),
            "1:6: split(): 'fraction' 0.01 of 10 samples leaves the train part empty")
    }

    func testHelpSaysWhatTheEnginesRulesAre() {
        // `help` shows what each argument must be; the engine's rule, as its
        // refusal quotes it, must say the same.
        let cases: [(call: String, builtin: String, parameter: String)] = [
            (net + "train(n, xor(points: 8), batch: 0)", "train", "batch"),
            (net + "train(n, xor(points: 8), clip_norm: 0)", "train", "clip_norm"),
            (net + "step(n, xor(points: 8), l2: -1)", "step", "l2"),
            ("sgd(momentum: -1)", "sgd", "momentum"),
            ("adam(beta2: 1)", "adam", "beta2"),
            ("adamw(weight_decay: -1)", "adamw", "weight_decay"),
            ("rmsprop(alpha: 2)", "rmsprop", "alpha"),
            ("adagrad(initial_accumulator: -1)", "adagrad", "initial_accumulator"),
            ("adadelta(rho: 2)", "adadelta", "rho"),
            ("adamax(beta1: 1)", "adamax", "beta1"),
            ("nadam(momentum_decay: -1)", "nadam", "momentum_decay"),
            ("blobs(noise: -1)", "blobs", "noise"),
            ("circles(factor: 1)", "circles", "factor"),
        ]
        for c in cases {
            let message = error(c.call) ?? ""
            let rule = message.components(separatedBy: "must be ").last?
                .components(separatedBy: ", found").first
            let expects = Builtins.table[c.builtin]?.parameters.first { $0.name == c.parameter }?
                .expects
            XCTAssertTrue(
                expects == rule || expects == rule.map { "a number " + $0 },
                "\(c.builtin)(\(c.parameter)): help says \(expects ?? "-"), the engine \(message)")
        }
    }
}
