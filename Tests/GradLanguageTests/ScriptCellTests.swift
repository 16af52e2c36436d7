import XCTest

@testable import GradLanguage

final class ScriptCellTests: XCTestCase {
    let script = """
        #!/usr/bin/env gradlab
        ## # Title
        ## summary line
        seed(1)

        #%% First cell
        ## prose one
        ## prose two
        let a = 1
        fn f() {
        #%% not a marker inside a block
          return 2
        }

        #%%
        print(a + f())
        """

    func testCellsSplitAtTopLevelMarkers() {
        let cells = ScriptCell.cells(of: Source(name: "t.grad", text: script))
        XCTAssertEqual(cells.map(\.title), ["", "First cell", ""])
        XCTAssertEqual(cells[0].prose, ["# Title", "summary line"])
        XCTAssertEqual(cells[0].code, "#!/usr/bin/env gradlab\nseed(1)")
        XCTAssertEqual(cells[1].prose, ["prose one", "prose two"])
        XCTAssertEqual(
            cells[1].code, "let a = 1\nfn f() {\n#%% not a marker inside a block\n  return 2\n}")
        XCTAssertEqual(cells[1].lines, 6...14)
        XCTAssertEqual(cells[2].code, "print(a + f())")
        XCTAssertEqual(cells[2].lines, 15...16)
    }

    func testACellRunsAloneWithTheFilesLineNumbers() {
        let source = Source(name: "t.grad", text: script)
        let cells = ScriptCell.cells(of: source)
        var printed: [String] = []
        let interpreter = Interpreter(output: { printed.append($0) })
        for cell in cells { _ = interpreter.run(cell.source(within: source)) }
        XCTAssertEqual(printed, ["3"])
        // An error in the last cell alone reports its real line.
        let broken = Source(name: "b.grad", text: "#%% one\nlet x = 1\n#%% two\nprint(y)\n")
        let last = ScriptCell.cells(of: broken)[1]
        guard
            case .runtimeError(let d) = Interpreter(output: { _ in }).run(
                last.source(within: broken))
        else {
            return XCTFail("expected a runtime error")
        }
        XCTAssertEqual(d.location.line, 4)
    }

    func testReadableCodeDropsTheShebangAndTestAnnotations() {
        let text =
            "#!/usr/bin/env gradlab\nlet a = 1\n# expect: 1\nprint(a)  # expect: 1\nprint(\"#expected\")\n"
        let cell = ScriptCell.cells(of: Source(name: "t", text: text))[0]
        XCTAssertEqual(cell.readableCode, "let a = 1\nprint(a)\nprint(\"#expected\")")
    }

    func testAScriptWithoutMarkersIsOneCell() {
        let cells = ScriptCell.cells(of: Source(name: "t.grad", text: "print(1)\nprint(2)\n"))
        XCTAssertEqual(cells.count, 1)
        XCTAssertEqual(cells[0].code, "print(1)\nprint(2)")
    }

    func testRichDisplayTakesDisplayedValues() {
        var printed: [String] = []
        var rich: [String] = []
        let interpreter = Interpreter(output: { printed.append($0) })
        interpreter.richDisplay = { value in
            if case .list = value {
                rich.append(interpreter.display(value))
                return true
            }
            return false
        }
        _ = interpreter.run(Source(name: "t", text: "[1, 2]\n3\nprint([4])"))
        XCTAssertEqual(rich, ["[1, 2]"])
        XCTAssertEqual(printed, ["3", "[4]"])
    }
}
