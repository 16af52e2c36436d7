import Foundation
import XCTest

@testable import GradLanguage

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// `plot(h1, h2)`: several runs on one plot, in the terminal and as the SVG
/// that `save(p, "x.svg")` and notebooks (`.ipynb`, `.md`, `.html`) show; the
/// x axis of a history plot is named (epoch or step).
final class RunsPlotTests: XCTestCase {
    /// Two short runs, `h1` with validation and `h2` without, and a one-epoch run `h3`.
    static let runs = """
        seed(4)
        let parts = split(spiral(points: 90), 0.7)
        let a = model(inputs: 2) { dense(6, act: tanh); dense(3) }
        let b = model(inputs: 2) { dense(6, act: relu); dense(3) }
        let h1 = train(a, parts.train, epochs: 3, batch: 21, val: parts.test)
        let h2 = train(b, parts.train, epochs: 3, batch: 21)
        let h3 = train(copy(b), parts.train, epochs: 1, batch: 21)
        """

    private struct NoPlot: Error {}

    /// The plot `expression` makes after `runs`.
    private func plot(_ expression: String) throws -> PlotValue {
        let i = Interpreter()
        i.output = { _ in }
        let source = Source(name: "t.grad", text: Self.runs + "\nlet p = " + expression)
        guard case .success = i.run(source), case .plot(let p)? = i.globals.lookup("p") else {
            // A program that fails to plot is a failure of this test, not a skip.
            XCTFail("the program did not make a plot: \(expression)")
            throw NoPlot()
        }
        return p
    }

    func testEachRunIsALineNamedAsCompareNamesIt() throws {
        let loss = try plot("plot(h1, h2)")
        XCTAssertEqual(loss.labels, ["run 1", "run 1 validation", "run 2"])
        XCTAssertEqual(loss.title, "Loss per epoch")
        XCTAssertEqual(loss.series.map(\.ys.count), [3, 3, 3])
        let accuracy = try plot("plot(h1, h2, what: \"accuracy\", labels: [\"tanh\", \"relu\"])")
        XCTAssertEqual(accuracy.labels, ["tanh", "tanh validation", "relu"])
        XCTAssertEqual(accuracy.title, "Accuracy per epoch")
        XCTAssertEqual(accuracy.yLabel, "accuracy")
        XCTAssertTrue(
            accuracy.series.allSatisfy { $0.ys.allSatisfy { $0 >= 0 && $0 <= 1 } },
            "accuracies are fractions")
        // The lines are each run's own numbers.
        let single = try plot("plot(h2)")
        XCTAssertEqual(loss.series[2].ys, single.series[0].ys)
    }

    func testTheXAxisIsNamedInTheTerminalAndInSVG() throws {
        for (expression, axis) in [
            ("plot(h1)", "epoch"), ("plot(h1, h2)", "epoch"), ("plot(h1, \"step_loss\")", "step"),
            ("plot(h1, h3)", "step"), ("plot(h1, h2, what: \"accuracy\")", "epoch"),
            ("plot(h1, \"grad_norms\")", "step"),
        ] {
            let p = try plot(expression)
            XCTAssertEqual(p.xLabel, axis, expression)
            let terminal = p.terminal(style: OutputStyle(unicode: true, color: false, width: 80))
            let lines = terminal.split(separator: "\n").map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            XCTAssertTrue(lines.contains(axis), "\(expression):\n\(terminal)")
            let svg = p.svg()
            XCTAssertTrue(XMLParser(data: Data(svg.utf8)).parse(), expression)
            XCTAssertTrue(svg.contains(">\(axis)</text>"), "\(expression): \(svg)")
        }
    }

    func testTheSVGHasALineAndALegendEntryPerRun() throws {
        let svg = try plot("plot(h1, h2, labels: [\"tanh\", \"relu\"])").svg()
        for text in ["Loss per epoch", "tanh", "tanh validation", "relu"] {
            XCTAssertTrue(svg.contains(">\(text)</text>"), "\(text) in \(svg)")
        }
        XCTAssertEqual(
            svg.components(separatedBy: "<polyline").count - 1, 4, "three lines and the axes")
    }

    func testTheWhatWrittenByPositionStillWorks() throws {
        XCTAssertEqual(try plot("plot(h1, \"grad_norms\")").title, "Gradient norm per layer")
        XCTAssertEqual(try plot("plot(h1, h2, \"accuracy\")").title, "Accuracy per epoch")
        XCTAssertEqual(try plot("plot(h1, \"accuracy\")").labels, ["train", "validation"])
    }
}
