import XCTest

@testable import GradEngine

final class JSONValueTests: XCTestCase {
    private func parse(_ text: String) throws -> JSONValue { try JSONValue.parse(text) }

    /// The message of the error parsing `text` throws, or a failure.
    private func parseError(_ text: String, file: StaticString = #filePath, line: UInt = #line)
        -> String
    {
        parseError(Array(text.utf8), file: file, line: line)
    }

    private func parseError(_ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line)
        -> String
    {
        do {
            let v = try JSONValue.parse(bytes)
            XCTFail("parsed as \(v)", file: file, line: line)
            return ""
        } catch {
            return error.description
        }
    }

    func testValuesAndOrderedKeys() throws {
        let v = try parse(#" { "b": [1, -2.5e+3, 0, -0, 1E-7, true, false, null, "x"], "a": {} } "#)
        XCTAssertEqual(
            v,
            .object([
                JSONMember(
                    "b",
                    .array([
                        .number("1"), .number("-2.5e+3"), .number("0"), .number("-0"),
                        .number("1E-7"),
                        .bool(true), .bool(false), .null, .string("x"),
                    ])),
                JSONMember("a", .object([])),
            ]))
        XCTAssertEqual(v["a"], .object([]))
        XCTAssertNil(v["c"])
        XCTAssertEqual(try parse("[]"), .array([]))
        XCTAssertEqual(try parse("\"\""), .string(""))
        XCTAssertEqual(
            try parse("\u{FEFF}[1]"), .array([.number("1")]), "a byte order mark is skipped")
    }

    func testNumbersKeepTheirTextAndFloatsRoundTripBitForBit() throws {
        var rng = RandomGenerator(seed: 7)
        var values: [Float] = [
            0, -0.0, 1, -1, 0.1, .leastNonzeroMagnitude, -.leastNonzeroMagnitude,
            .leastNormalMagnitude, .greatestFiniteMagnitude,
            -.greatestFiniteMagnitude, 16_777_216, 3.4028235e38, 1e-5, 1e20,
        ]
        while values.count < 5000 {
            let x = Float(bitPattern: UInt32(truncatingIfNeeded: rng.next()))
            if x.isFinite { values.append(x) }
        }
        let text = JSONValue.array(values.map { JSONValue.float($0)! }).compactText
        guard case .array(let items) = try parse(text) else { return XCTFail("not an array") }
        XCTAssertEqual(items.count, values.count)
        for (x, item) in zip(values, items) {
            guard case .number(let t) = item, let y = Float(t) else {
                return XCTFail("\(item) is not a Float")
            }
            XCTAssertEqual(y.bitPattern, x.bitPattern, "\(x) came back as \(y) via \(t)")
        }
        XCTAssertNil(JSONValue.float(Float.nan))
        XCTAssertNil(JSONValue.float(-Double.infinity))
    }

    func testStringEscapes() throws {
        let v = try parse(#""q\"b\\s\/ \b\f\n\r\t \u00e9\u00E9 \ud83d\ude00 \u0000 é😀""#)
        XCTAssertEqual(v, .string("q\"b\\s/ \u{08}\u{0C}\n\r\t éé 😀 \u{0} é😀"))

        let nasty = "quote\" backslash\\ newline\n tab\t bell\u{07} del\u{7F} é 😀 \u{0}"
        var text = ""
        JSONValue.writeString(nasty, into: &text)
        XCTAssertFalse(
            text.unicodeScalars.contains { $0.value < 0x20 },
            "control characters are escaped: \(text)")
        XCTAssertEqual(try parse(text), .string(nasty))
    }

    func testSurrogateErrors() {
        XCTAssertEqual(
            parseError(#"["\ud800"]"#),
            #"line 1, column 3: invalid \u escape: high surrogate \uD800 is not followed by a low surrogate"#
        )
        XCTAssertEqual(
            parseError(#"["\udc00"]"#),
            #"line 1, column 3: invalid \u escape: unpaired low surrogate \uDC00"#)
        XCTAssertEqual(
            parseError(#""\ud83d\u0041""#),
            #"line 1, column 2: invalid \u escape: high surrogate \uD83D is followed by \u0041, not a low surrogate"#
        )
        XCTAssertEqual(
            parseError(#""\u12G4""#),
            #"line 1, column 6: invalid \u escape: expected 4 hex digits, found 'G'"#)
        XCTAssertEqual(parseError(#""\x""#), #"line 1, column 2: invalid escape '\x' in string"#)
    }

    func testNestingLimit() throws {
        let ok = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        XCTAssertNoThrow(try parse(ok))
        let deep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        XCTAssertEqual(parseError(deep), "line 1, column 513: nesting deeper than 512 levels")
        // Far deeper than any stack could recurse: refused, not a crash.
        let huge = String(repeating: "{\"a\":", count: 200_000)
        XCTAssertEqual(
            parseError(huge), "line 1, column \(512 * 5 + 1): nesting deeper than 512 levels")
        XCTAssertThrowsError(try JSONValue.parse("[[[1]]]", maxDepth: 2))
    }

    func testSyntaxErrorsNameLineAndColumn() {
        XCTAssertEqual(
            parseError("[1, 2\n, 3 4]"), "line 2, column 5: expected ',' or ']' in array, found '4'"
        )
        XCTAssertEqual(
            parseError("{\n  \"a\": 1\n  \"b\": 2\n}"),
            "line 3, column 3: expected ',' or '}' in object, found '\"'")
        XCTAssertEqual(parseError("{} x"), "line 1, column 4: unexpected 'x' after the JSON value")
        XCTAssertEqual(
            parseError("[1] [2]"), "line 1, column 5: unexpected '[' after the JSON value")
        XCTAssertEqual(parseError("[1,]"), "line 1, column 4: trailing comma before ']'")
        XCTAssertEqual(parseError("{\"a\": 1,}"), "line 1, column 9: trailing comma before '}'")
        XCTAssertEqual(
            parseError("{1: 2}"),
            "line 1, column 2: unexpected '1': expected a string key in object")
        XCTAssertEqual(
            parseError("{\"a\" 2}"),
            "line 1, column 6: unexpected '2': expected ':' after key \"a\"")
        XCTAssertEqual(
            parseError("{\"a\": 1, \"a\": 2}"), "line 1, column 10: duplicate key \"a\" in object")
        XCTAssertEqual(
            parseError("[01]"), "line 1, column 3: invalid number: leading zeros are not allowed")
        XCTAssertEqual(
            parseError("[1.]"), "line 1, column 4: invalid number: expected a digit after '.'")
        XCTAssertEqual(
            parseError("[1e+]"),
            "line 1, column 5: invalid number: expected a digit in the exponent")
        XCTAssertEqual(
            parseError("[-]"), "line 1, column 3: invalid number: expected a digit after '-'")
        XCTAssertEqual(parseError("[.5]"), "line 1, column 2: unexpected '.': expected a value")
        XCTAssertEqual(parseError("[+1]"), "line 1, column 2: unexpected '+': expected a value")
        XCTAssertEqual(parseError("[1x]"), "line 1, column 3: invalid number: unexpected 'x'")
        XCTAssertEqual(parseError("[0x10]"), "line 1, column 3: invalid number: unexpected 'x'")
        XCTAssertEqual(
            parseError("[NaN]"),
            "line 1, column 2: unexpected 'NaN': JSON cannot hold NaN or infinity")
        XCTAssertEqual(
            parseError("[-Infinity]"),
            "line 1, column 2: unexpected '-Infinity': JSON cannot hold NaN or infinity")
        XCTAssertEqual(parseError("[tru]"), "line 1, column 2: unexpected 'tru': expected a value")
        XCTAssertEqual(
            parseError("[True]"), "line 1, column 2: unexpected 'True': expected a value")
        XCTAssertEqual(
            parseError("[\"a\nb\"]"),
            "line 1, column 4: unescaped line break in string (is a closing '\"' missing?)")
        XCTAssertEqual(
            parseError("[\"a\tb\"]"),
            "line 1, column 4: unescaped control character character U+0009 in string")
        XCTAssertEqual(
            parseError("// comment\n[]"), "line 1, column 1: unexpected '/': expected a value")
        // Columns count characters, not bytes.
        XCTAssertEqual(
            parseError("[\"é😀\" x]"), "line 1, column 7: expected ',' or ']' in array, found 'x'")
        XCTAssertEqual(
            parseError("[1 é]"), "line 1, column 4: expected ',' or ']' in array, found 'é'")
    }

    func testTruncatedInput() {
        XCTAssertEqual(
            parseError(""), "line 1, column 1: unexpected end of input: expected a JSON value")
        XCTAssertEqual(
            parseError("  \n "), "line 2, column 2: unexpected end of input: expected a JSON value")
        XCTAssertEqual(
            parseError("[1, 2"),
            "line 1, column 6: unexpected end of input in array: expected ',' or ']' (is the file truncated?)"
        )
        XCTAssertEqual(
            parseError("[1,\n"),
            "line 2, column 1: unexpected end of input in array: expected a value (is the file truncated?)"
        )
        XCTAssertEqual(
            parseError("{\"a\": [1, 2], \"b\""),
            "line 1, column 18: unexpected end of input in object: expected ':' (is the file truncated?)"
        )
        XCTAssertEqual(
            parseError("{\"a\": \"xy"),
            "line 1, column 10: unexpected end of input in string in object: expected a closing '\"' (is the file truncated?)"
        )
        XCTAssertEqual(
            parseError("[1.5e"),
            "line 1, column 6: invalid number: expected a digit in the exponent")
    }

    func testInvalidUTF8IsRefused() {
        XCTAssertEqual(
            parseError([0x5B, 0x22, 0x61, 0xFF, 0x22, 0x5D]),
            "line 1, column 4: invalid UTF-8 (byte 0xFF)")
        // Overlong encoding of '/', an encoded surrogate, a code point past U+10FFFF, a cut-off sequence.
        XCTAssertEqual(
            parseError([0x22, 0xC0, 0xAF, 0x22]), "line 1, column 2: invalid UTF-8 (byte 0xC0)")
        XCTAssertEqual(
            parseError([0x22, 0xED, 0xA0, 0x80, 0x22]),
            "line 1, column 2: invalid UTF-8 (byte 0xED)")
        XCTAssertEqual(
            parseError([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22]),
            "line 1, column 2: invalid UTF-8 (byte 0xF4)")
        XCTAssertEqual(
            parseError([0x0A, 0x22, 0xE2, 0x82]), "line 2, column 2: invalid UTF-8 (byte 0xE2)")
        XCTAssertEqual(try JSONValue.parse([0x22, 0xE2, 0x82, 0xAC, 0x22]), .string("€"))
    }

    func testWriterOutput() throws {
        let v = JSONValue.object([
            JSONMember("kind", .string("dense")), JSONMember("in", .int(2)),
            JSONMember("weight", .array([.array([.float(Float(0.5))!, .float(Float(-1e-5))!])])),
            JSONMember("bias", .null), JSONMember("ok", .bool(true)),
        ])
        XCTAssertEqual(
            v.compactText,
            #"{"kind": "dense", "in": 2, "weight": [[0.5, -1e-05]], "bias": null, "ok": true}"#)
        XCTAssertEqual(try parse(v.compactText), v)
    }
}
