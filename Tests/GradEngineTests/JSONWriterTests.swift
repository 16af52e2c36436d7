import XCTest

@testable import GradEngine

/// JSONValue as the project's one JSON writer (models, notebooks, the bench's line).
final class JSONWriterTests: XCTestCase {
    func testStringsAreEscapedForJSON() {
        let text = JSONValue.string("q\" b\\ n\n r\r t\t bell\u{07} del\u{7F} é").compactText
        XCTAssertEqual(text, #""q\" b\\ n\n r\r t\t bell\u0007 del\u007f é""#)
        // What it wrote reads back as the same string.
        XCTAssertEqual(
            try JSONValue.parse(text), .string("q\" b\\ n\n r\r t\t bell\u{07} del\u{7F} é"))
    }

    func testCompactAndIndentedForms() {
        let value = JSONValue.object([
            JSONMember("a", .array([.int(1), .bool(true), .null])),
            JSONMember("empty", .array([])), JSONMember("none", .object([])),
            JSONMember("o", .object([JSONMember("k", .string("v"))])),
        ])
        XCTAssertEqual(
            value.compactText, #"{"a": [1, true, null], "empty": [], "none": {}, "o": {"k": "v"}}"#)
        XCTAssertEqual(
            value.indentedText(step: 1),
            """
            {
             "a": [
              1,
              true,
              null
             ],
             "empty": [],
             "none": {},
             "o": {
              "k": "v"
             }
            }
            """)
        XCTAssertEqual(JSONValue.float(Double.nan), nil)
        XCTAssertEqual(JSONValue.float(0.1), .number("0.1"))
    }
}
