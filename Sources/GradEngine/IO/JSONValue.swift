/// A parsed JSON document: the subset of JSON the engine's files need, kept
/// faithful to the text.
///
/// Numbers keep their literal text, so a value is converted once, straight to
/// the type that needs it (`Float(text)` for a Float weight, never through
/// Double), and shortest round-trip descriptions read back bit for bit.
/// Objects keep their members in file order.
///
/// It is also the project's one JSON writer: model files, notebooks
/// (`indentedText`) and `gradlab bench --json` (`compactText`) are written
/// through it, so every string is escaped the same way.
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    /// The number's text exactly as written; it follows JSON's number grammar.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([JSONMember])

    /// A number from an integer.
    public static func int(_ value: Int) -> JSONValue { .number(String(value)) }

    /// A number from a finite floating-point value, written as its shortest
    /// round-trip description; nil for NaN and infinities, which JSON cannot hold.
    public static func float<F: BinaryFloatingPoint & CustomStringConvertible>(_ value: F)
        -> JSONValue?
    {
        value.isFinite ? .number(value.description) : nil
    }

    /// The member named `key` of an object (the first, should there be several).
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// "a number", "an array", ...: how messages name this kind of value.
    public var kindDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// One `"key": value` of a JSON object.
public struct JSONMember: Equatable, Sendable {
    public var key: String
    public var value: JSONValue

    public init(_ key: String, _ value: JSONValue) {
        self.key = key
        self.value = value
    }
}

/// Why a text is not JSON, with the 1-based line and column (counted in
/// characters) where the parser stopped.
public struct JSONParseError: Error, Equatable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var message: String

    public var description: String { "line \(line), column \(column): \(message)" }
}

// MARK: - Writing

extension JSONValue {
    /// The value on one line, with a space after each ',' and ':'.
    public var compactText: String {
        var out = ""
        write(into: &out)
        return out
    }

    /// The value with each array item and object member on a line of its own,
    /// indented `step` spaces a level (nbformat writes notebooks with one);
    /// an empty array or object stays `[]` or `{}`. No newline at the end.
    public func indentedText(step: Int) -> String {
        var out = ""
        writeIndented(into: &out, step: step, level: 0)
        return out
    }

    private func writeIndented(into out: inout String, step: Int, level: Int) {
        let inner = String(repeating: " ", count: (level + 1) * step)
        switch self {
        case .null, .bool, .number, .string:
            write(into: &out)
        case .array(let items):
            guard !items.isEmpty else {
                out += "[]"
                return
            }
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += inner
                item.writeIndented(into: &out, step: step, level: level + 1)
                out += i < items.count - 1 ? ",\n" : "\n"
            }
            out += String(repeating: " ", count: level * step) + "]"
        case .object(let members):
            guard !members.isEmpty else {
                out += "{}"
                return
            }
            out += "{\n"
            for (i, member) in members.enumerated() {
                out += inner
                JSONValue.writeString(member.key, into: &out)
                out += ": "
                member.value.writeIndented(into: &out, step: step, level: level + 1)
                out += i < members.count - 1 ? ",\n" : "\n"
            }
            out += String(repeating: " ", count: level * step) + "}"
        }
    }

    /// Appends the value on one line, with a space after each ',' and ':'.
    func write(into out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let text): out += text
        case .string(let s): JSONValue.writeString(s, into: &out)
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += ", " }
                item.write(into: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (i, member) in members.enumerated() {
                if i > 0 { out += ", " }
                JSONValue.writeString(member.key, into: &out)
                out += ": "
                member.value.write(into: &out)
            }
            out += "}"
        }
    }

    /// Appends `s` as a JSON string literal.
    static func writeString(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}

// MARK: - Parsing

extension JSONValue {
    /// The default nesting limit: deeper documents are refused rather than
    /// risking the stack.
    public static let defaultMaxDepth = 512

    /// Parses a whole document: exactly one value, surrounded by optional
    /// whitespace. The bytes must be UTF-8 (a leading byte order mark is skipped).
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int = defaultMaxDepth)
        throws(JSONParseError) -> JSONValue
    {
        var parser = JSONParser(bytes: bytes, maxDepth: maxDepth)
        return try parser.parseDocument()
    }

    /// Parses a whole document held in a byte array.
    public static func parse(_ bytes: [UInt8], maxDepth: Int = defaultMaxDepth)
        throws(JSONParseError)
        -> JSONValue
    {
        let result: Result<JSONValue, JSONParseError> = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(JSONParseError) -> JSONValue in try parse(buffer, maxDepth: maxDepth)
            }
        }
        return try result.get()
    }

    /// Parses a whole document held in a string.
    public static func parse(_ text: String, maxDepth: Int = defaultMaxDepth)
        throws(JSONParseError)
        -> JSONValue
    {
        var text = text
        let result: Result<JSONValue, JSONParseError> = text.withUTF8 { buffer in
            Result { () throws(JSONParseError) -> JSONValue in try parse(buffer, maxDepth: maxDepth)
            }
        }
        return try result.get()
    }
}

/// A recursive-descent parser over UTF-8 bytes (RFC 8259, strictly: no
/// comments, no trailing commas, no NaN). Positions are tracked as byte
/// offsets; the line and column are worked out only for an error.
private struct JSONParser {
    let bytes: UnsafeBufferPointer<UInt8>
    let maxDepth: Int
    var index = 0

    init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        try validateUTF8()
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
        skipWhitespace()
        guard index < bytes.count else {
            throw error("unexpected end of input: expected a JSON value")
        }
        let value = try parseValue(depth: 0, context: nil)
        skipWhitespace()
        guard index == bytes.count else {
            throw error("unexpected \(describeHere()) after the JSON value")
        }
        return value
    }

    // MARK: Values

    /// `context` names the enclosing container for end-of-input messages.
    mutating func parseValue(depth: Int, context: String?) throws(JSONParseError) -> JSONValue {
        guard index < bytes.count else { throw endOfInput(context, expecting: "a value") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try parseString(context: context))
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
            return try parseWord()
        default:
            throw error("unexpected \(describeHere()): expected a value")
        }
    }

    mutating func parseObject(depth: Int) throws(JSONParseError) -> JSONValue {
        guard depth <= maxDepth else { throw error("nesting deeper than \(maxDepth) levels") }
        index += 1  // {
        var members: [JSONMember] = []
        skipWhitespace()
        if peek(UInt8(ascii: "}")) {
            index += 1
            return .object(members)
        }
        while true {
            guard index < bytes.count else { throw endOfInput("object", expecting: "a key") }
            guard bytes[index] == UInt8(ascii: "\"") else {
                if bytes[index] == UInt8(ascii: "}"), !members.isEmpty {
                    throw error("trailing comma before '}'")
                }
                throw error("unexpected \(describeHere()): expected a string key in object")
            }
            let keyStart = index
            let key = try parseString(context: "object")
            if members.contains(where: { $0.key == key }) {
                index = keyStart
                throw error("duplicate key \(quoted(key)) in object")
            }
            skipWhitespace()
            guard index < bytes.count else { throw endOfInput("object", expecting: "':'") }
            guard bytes[index] == UInt8(ascii: ":") else {
                throw error("unexpected \(describeHere()): expected ':' after key \(quoted(key))")
            }
            index += 1
            skipWhitespace()
            let value = try parseValue(depth: depth, context: "object")
            members.append(JSONMember(key, value))
            skipWhitespace()
            guard index < bytes.count else { throw endOfInput("object", expecting: "',' or '}'") }
            switch bytes[index] {
            case UInt8(ascii: ","):
                index += 1
                skipWhitespace()
            case UInt8(ascii: "}"):
                index += 1
                return .object(members)
            default: throw error("expected ',' or '}' in object, found \(describeHere())")
            }
        }
    }

    mutating func parseArray(depth: Int) throws(JSONParseError) -> JSONValue {
        guard depth <= maxDepth else { throw error("nesting deeper than \(maxDepth) levels") }
        index += 1  // [
        var items: [JSONValue] = []
        skipWhitespace()
        if peek(UInt8(ascii: "]")) {
            index += 1
            return .array(items)
        }
        while true {
            guard index < bytes.count else { throw endOfInput("array", expecting: "a value") }
            if bytes[index] == UInt8(ascii: "]"), !items.isEmpty {
                throw error("trailing comma before ']'")
            }
            items.append(try parseValue(depth: depth, context: "array"))
            skipWhitespace()
            guard index < bytes.count else { throw endOfInput("array", expecting: "',' or ']'") }
            switch bytes[index] {
            case UInt8(ascii: ","):
                index += 1
                skipWhitespace()
            case UInt8(ascii: "]"):
                index += 1
                return .array(items)
            default: throw error("expected ',' or ']' in array, found \(describeHere())")
            }
        }
    }

    /// true, false, null; anything else alphabetic is refused with a reason.
    mutating func parseWord() throws(JSONParseError) -> JSONValue {
        let start = index
        var end = index
        while end < bytes.count, isWordByte(bytes[end]) { end += 1 }
        let word = String(
            decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        switch word {
        case "true":
            index = end
            return .bool(true)
        case "false":
            index = end
            return .bool(false)
        case "null":
            index = end
            return .null
        case "NaN", "nan", "Infinity", "inf", "infinity", "Inf":
            throw error("unexpected '\(word)': JSON cannot hold NaN or infinity")
        default:
            throw error("unexpected '\(word.prefix(32))': expected a value")
        }
    }

    /// A number per JSON's grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
    mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = index
        if peek(UInt8(ascii: "-")) {
            index += 1
            if index < bytes.count, isWordByte(bytes[index]), !isDigit(bytes[index]) {
                var end = index
                while end < bytes.count, isWordByte(bytes[end]) { end += 1 }
                let word = String(
                    decoding: UnsafeBufferPointer(rebasing: bytes[index..<end]), as: UTF8.self)
                if word == "Infinity" || word == "inf" || word == "infinity" {
                    index = start
                    throw error("unexpected '-\(word)': JSON cannot hold NaN or infinity")
                }
            }
        }
        guard index < bytes.count, isDigit(bytes[index]) else {
            throw error("invalid number: expected a digit after '-'")
        }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) {
                throw error("invalid number: leading zeros are not allowed")
            }
        } else {
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if peek(UInt8(ascii: ".")) {
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else {
                throw error("invalid number: expected a digit after '.'")
            }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < bytes.count,
                bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")
            {
                index += 1
            }
            guard index < bytes.count, isDigit(bytes[index]) else {
                throw error("invalid number: expected a digit in the exponent")
            }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, isWordByte(bytes[index]) || bytes[index] == UInt8(ascii: ".") {
            throw error("invalid number: unexpected \(describeHere())")
        }
        return .number(
            String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
    }

    /// A string literal, starting at its opening quote.
    mutating func parseString(context: String?) throws(JSONParseError) -> String {
        index += 1
        // Fast path: no escapes, the string is a slice of the (validated) input.
        var end = index
        while end < bytes.count {
            let b = bytes[end]
            if b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") || b < 0x20 { break }
            end += 1
        }
        if end < bytes.count, bytes[end] == UInt8(ascii: "\"") {
            let s = String(
                decoding: UnsafeBufferPointer(rebasing: bytes[index..<end]), as: UTF8.self)
            index = end + 1
            return s
        }
        var out: [UInt8] = Array(UnsafeBufferPointer(rebasing: bytes[index..<end]))
        index = end
        while true {
            guard index < bytes.count else {
                throw endOfInput(
                    context.map { "string in \($0)" } ?? "string", expecting: "a closing '\"'")
            }
            let b = bytes[index]
            switch b {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else {
                    throw endOfInput("string", expecting: "an escape")
                }
                let e = bytes[index]
                index += 1
                switch e {
                case UInt8(ascii: "\""): out.append(e)
                case UInt8(ascii: "\\"): out.append(e)
                case UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    let scalar = try parseUnicodeEscape()
                    UTF8.encode(scalar) { out.append($0) }
                default:
                    index -= 2
                    throw error("invalid escape \(describeEscape(at: index)) in string")
                }
            default:
                if b < 0x20 {
                    throw error(
                        b == 0x0A
                            ? "unescaped line break in string (is a closing '\"' missing?)"
                            : "unescaped control character \(describeHere()) in string")
                }
                out.append(b)
                index += 1
            }
        }
    }

    /// The scalar of a `\uXXXX` escape (the `\u` already consumed), joining a
    /// surrogate pair written as two escapes.
    mutating func parseUnicodeEscape() throws(JSONParseError) -> Unicode.Scalar {
        let escapeStart = index - 2
        let high = try parseHex4()
        if high < 0xD800 || high > 0xDFFF { return Unicode.Scalar(high)! }
        guard high < 0xDC00 else {
            index = escapeStart
            throw error("invalid \\u escape: unpaired low surrogate \\u\(hex(high))")
        }
        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
            bytes[index + 1] == UInt8(ascii: "u")
        else {
            index = escapeStart
            throw error(
                "invalid \\u escape: high surrogate \\u\(hex(high)) is not followed by a low surrogate"
            )
        }
        index += 2
        let low = try parseHex4()
        guard (0xDC00...0xDFFF).contains(low) else {
            index = escapeStart
            throw error(
                "invalid \\u escape: high surrogate \\u\(hex(high)) is followed by \\u\(hex(low)), not a low surrogate"
            )
        }
        return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))!
    }

    mutating func parseHex4() throws(JSONParseError) -> UInt32 {
        var v: UInt32 = 0
        for _ in 0..<4 {
            guard index < bytes.count else {
                throw endOfInput("string", expecting: "4 hex digits after \\u")
            }
            let b = bytes[index]
            let d: UInt32
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(b - UInt8(ascii: "A") + 10)
            default:
                throw error("invalid \\u escape: expected 4 hex digits, found \(describeHere())")
            }
            v = v << 4 | d
            index += 1
        }
        return v
    }

    // MARK: Helpers

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    func peek(_ b: UInt8) -> Bool { index < bytes.count && bytes[index] == b }
    func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
    func isWordByte(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z"))
            || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
            || isDigit(b) || b == UInt8(ascii: "_")
    }

    func hex(_ v: UInt32) -> String {
        let s = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - s.count)) + s
    }

    func quoted(_ s: String) -> String {
        var out = ""
        JSONValue.writeString(s.count > 40 ? String(s.prefix(40)) + "…" : s, into: &out)
        return out
    }

    /// The character at the current position, for messages: 'x', or a code.
    func describeHere() -> String {
        guard index < bytes.count else { return "end of input" }
        let b = bytes[index]
        if b >= 0x21 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
        if b < 0x80 { return "character U+\(hex(UInt32(b)))" }
        // A non-ASCII character: decode it (the input is valid UTF-8).
        var end = index + 1
        while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
        let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<end]), as: UTF8.self)
        return "'\(s)'"
    }

    func describeEscape(at i: Int) -> String {
        guard i + 1 < bytes.count else { return "'\\'" }
        let b = bytes[i + 1]
        return b >= 0x21 && b < 0x7F
            ? "'\\\(Character(Unicode.Scalar(b)))'" : "'\\' followed by U+\(hex(UInt32(b)))"
    }

    func endOfInput(_ context: String?, expecting what: String) -> JSONParseError {
        var e = position(of: bytes.count)
        let inside = context.map { " in \($0)" } ?? ""
        e.message = "unexpected end of input\(inside): expected \(what) (is the file truncated?)"
        return e
    }

    func error(_ message: String) -> JSONParseError {
        var e = position(of: index)
        e.message = message
        return e
    }

    /// The 1-based line and column of a byte offset; columns count characters
    /// (Unicode scalars), not bytes.
    func position(of offset: Int) -> JSONParseError {
        var line = 1
        var column = 1
        var i = 0
        let end = min(offset, bytes.count)
        while i < end {
            let b = bytes[i]
            if b == 0x0A {
                line += 1
                column = 1
            } else if b & 0xC0 != 0x80 {
                column += 1
            }
            i += 1
        }
        return JSONParseError(line: line, column: column, message: "")
    }

    /// Refuses malformed UTF-8 (overlong forms, surrogates, code points past
    /// U+10FFFF, truncated sequences), naming where it starts.
    mutating func validateUTF8() throws(JSONParseError) {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 {
                i += 1
                continue
            }
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF  // range of the second byte
            switch b {
            case 0xC2...0xDF: length = 2
            case 0xE0:
                length = 3
                low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED:
                length = 3
                high = 0x9F
            case 0xF0:
                length = 4
                low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4:
                length = 4
                high = 0x8F
            default: length = 0
            }
            var valid = length > 0 && i + length <= n
            if valid {
                valid = bytes[i + 1] >= low && bytes[i + 1] <= high
                var k = 2
                while valid && k < length {
                    valid = bytes[i + k] & 0xC0 == 0x80
                    k += 1
                }
            }
            guard valid else {
                index = i
                throw error("invalid UTF-8 (byte 0x\(String(b, radix: 16, uppercase: true)))")
            }
            i += length
        }
    }
}
