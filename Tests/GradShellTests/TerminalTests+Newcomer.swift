import XCTest

/// What a newcomer meets on a real terminal (issue 14): completion after
/// `act:`, a mistyped meta command, an entry whose bracket the indentation
/// says is open, two runs on one plot, text typed ahead while training runs,
/// and a tour that starts after the banner.
extension TerminalTests {
    func testANewcomersSessionOnATerminal() {
        start()
        // After `act:`, only activations: `le` completes to leaky_relu.
        waitForPrompt("In [1]: ")
        type("dense(8, act: le")
        keys("Tab")
        type(")")
        keys("Enter")
        waitForLine("In [1]: dense(8, act: leaky_relu)")
        waitFor("Out[1]: dense(8, act: leaky_relu(slope: 0.01))")
        // Two letters swapped in a meta command.
        enter(":hlep", at: "In [2]: ")
        waitFor("unknown command ':hlep': did you mean ':help'?")
        // The model, typed line by line; a blank line says what is open.
        enter("let net = model(inputs: 2) {", at: "In [2]: ")
        enter("    repeat(4) { dense(16, act: relu)", at: "   ...: ")
        enter("    dense(3)", at: "   ...: ")
        enter("}", at: "   ...: ")
        waitForPrompt("   ...: ")
        keys("Enter")
        waitFor(
            "(the '{' on line 2 looks unclosed: the lines after it are not indented under it")
        waitForPrompt("   ...: ")
        keys("C-c")
        waitFor("(entry abandoned)")
        // Two runs on one plot, with the x axis named.
        enter("let d = spiral(points: 60)", at: "In [2]: ")
        enter(
            "let h1 = train(model(inputs: 2) { dense(8, act: tanh); dense(3) }, d, epochs: 3)",
            at: "In [3]: ")
        enter(
            "let h2 = train(model(inputs: 2) { dense(8, act: relu); dense(3) }, d, epochs: 3)",
            at: "In [4]: ")
        enter("plot(h1, h2, what: \"accuracy\")", at: "In [5]: ")
        waitFor("Accuracy per epoch")
        waitFor("run 2")
        waitForPrompt("In [6]: ")
        if !gaveUp {
            let lines = screenLines.map { $0.trimmingCharacters(in: .whitespaces) }
            XCTAssertTrue(lines.contains("epoch"), screen)
            XCTAssertTrue(lines.contains { $0.contains("run 1") && $0.contains("run 2") }, screen)
        }
        keys("C-d")
    }

    /// Text typed while training runs is not echoed onto the progress line:
    /// it shows once, after the progress line is cleared, at the next prompt.
    func testTextTypedDuringTrainingShowsOnceAtTheNextPrompt() {
        start()
        enter("let d = spiral(points: 3000)", at: "In [1]: ")
        enter(
            "let h = train(model(inputs: 2) { repeat(4) { dense(64, act: relu) }; dense(3) }, d, epochs: 500, checks: false)",
            at: "In [2]: ")
        waitFor("(Ctrl-C stops)")
        type("1 + 1")
        keys("Enter")
        waitFor("Out[3]: 2")
        waitForPrompt("In [4]: ")
        if !gaveUp {
            let lines = screenLines
            XCTAssertEqual(lines.filter { $0.contains("1 + 1") }, ["In [3]: 1 + 1"], screen)
            XCTAssertFalse(lines.contains { $0.contains("Ctrl-C stops") }, screen)
        }
        keys("C-d")
    }

    /// A tour opens with the banner, then its introduction.
    func testATourStartsWithTheBanner() {
        start("tour vanishing")
        waitFor("01-vanishing · cell 1 of")
        waitForPrompt("In [1]: ")
        if !gaveUp {
            let lines = screenLines.filter { !$0.isEmpty }
            XCTAssertTrue(lines.first?.hasPrefix("GradLab ") ?? false, screen)
            XCTAssertTrue(
                lines.dropFirst().first?.hasPrefix("Vanishing gradients") ?? false, screen)
        }
        keys("C-d")
    }
}
