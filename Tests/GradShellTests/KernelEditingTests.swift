import XCTest

@testable import GradShell

/// What the kernel answers while a cell is being written: whether it is
/// complete, completions at the cursor, and help for the name there.
final class KernelEditingTests: XCTestCase {
    func testIsCompleteFollowsTheREPLsContinuationRules() {
        let s = KernelSession()
        XCTAssertEqual(s.isComplete("1 + 1"), .complete)
        XCTAssertEqual(s.isComplete(""), .complete)
        XCTAssertEqual(s.isComplete(":time train(net, data"), .complete, "a command is one line")
        XCTAssertEqual(s.isComplete("let net = model(inputs: 2) {\n  dense(3)\n}"), .complete)
        // An open bracket: the next line goes one step in from the bracket's line.
        XCTAssertEqual(s.isComplete("let net = model(inputs: 2) {"), .incomplete(indent: "    "))
        XCTAssertEqual(s.isComplete("fn f(x) {\n  if x > 1 {"), .incomplete(indent: "      "))
        // Inside a block, statements line up with the first one.
        XCTAssertEqual(
            s.isComplete("let net = model(inputs: 2) {\n  dense(4,\n        act: relu)"),
            .incomplete(indent: "  "))
        XCTAssertEqual(s.isComplete("train(net, data,"), .incomplete(indent: "    "))
        // A line ending with an operator: one step in from the statement's first line.
        XCTAssertEqual(s.isComplete("  let y = 1 +"), .incomplete(indent: "      "))
        XCTAssertEqual(s.isComplete("let y = 1 +\n    2 *"), .incomplete(indent: "    "))
        // Errors no later line can fix.
        XCTAssertEqual(s.isComplete("let = 3"), .invalid)
        XCTAssertEqual(s.isComplete("1 + )"), .invalid)
        XCTAssertEqual(s.isComplete("let 3 = ("), .invalid)
    }

    func testCompletionOffersNamesLabelsAndMembersWithScalarOffsets() {
        let s = KernelSession()
        _ = s.run(
            "let data = spiral(points: 30, classes: 3)\nlet net = model(inputs: 2) { dense(3) }")
        let builtin = s.complete("tra", cursor: 3)
        XCTAssertTrue(builtin.matches.contains("train"), "\(builtin)")
        XCTAssertEqual(builtin.cursorStart, 0)
        XCTAssertEqual(builtin.cursorEnd, 3)
        XCTAssertEqual(s.complete("ne", cursor: 2).matches, ["net"])
        // Labels of the call being written, after a line with non-ASCII text:
        // offsets count Unicode scalars of the whole cell.
        // (😀 is two UTF-16 units, e + U+0301 one character of two scalars).
        let code = "print(\"λ 😀 e\u{301}\")\ntrain(net, data, ep"
        let label = s.complete(code, cursor: 35)
        XCTAssertEqual(label.matches, ["epochs:"])
        XCTAssertEqual(label.cursorEnd, 35)
        XCTAssertEqual(label.cursorStart, 33)
        // Members after a dot; the cursor in the middle of a cell.
        let member = s.complete("data.cl\nprint(1)", cursor: 7)
        XCTAssertEqual(member.matches, ["classes"])
        XCTAssertEqual(member.cursorStart, 5)
        XCTAssertEqual(member.cursorEnd, 7)
        XCTAssertEqual(s.complete("dense(4, act: rel", cursor: 17).matches.first, "relu")
        // A cell command, and the code after :time.
        XCTAssertEqual(
            s.complete(":ti", cursor: 3),
            KernelCompletion(matches: [":time"], cursorStart: 0, cursorEnd: 3))
        XCTAssertEqual(
            s.complete(":time ne", cursor: 8),
            KernelCompletion(matches: ["net"], cursorStart: 6, cursorEnd: 8))
        XCTAssertEqual(s.complete("zzz", cursor: 3).matches, [])
        XCTAssertEqual(
            s.complete("tra", cursor: 99).cursorEnd, 3, "a cursor past the end is the end")
    }

    func testInspectGivesHelpForTheNameAtTheCursor() throws {
        let s = KernelSession()
        _ = s.run("let net = model(inputs: 2) { dense(3) }")
        let dense = try XCTUnwrap(s.inspect("dense(4)", cursor: 2, detailLevel: 0))
        XCTAssertTrue(dense["text/plain"]?.hasPrefix("dense(units") == true, "\(dense)")
        // Just after the name, and inside a call's arguments.
        XCTAssertEqual(s.inspect("dense", cursor: 5, detailLevel: 0), dense)
        let train = try XCTUnwrap(s.inspect("train(net, ", cursor: 11, detailLevel: 1))
        XCTAssertTrue(train["text/plain"]?.hasPrefix("train(") == true, "\(train)")
        XCTAssertTrue(
            s.inspect("relu", cursor: 4, detailLevel: 0)?["text/plain"]?.contains("an activation")
                == true)
        // A name of the session: its kind and value.
        let net = try XCTUnwrap(s.inspect("net", cursor: 3, detailLevel: 0))
        XCTAssertTrue(
            net["text/plain"]?.hasPrefix("net: a model\nModel: 2 inputs → 3 outputs") == true,
            "\(net)")
        XCTAssertNil(s.inspect("nothing_here", cursor: 3, detailLevel: 0))
        XCTAssertNil(s.inspect("1 + 2", cursor: 2, detailLevel: 0))
    }
}
