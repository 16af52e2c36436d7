/// A grid of braille cells, each 2 dots wide and 4 tall, that lines are drawn into.
///
/// Dots are addressed from the top left: x in 0..<2·columns, y in 0..<4·rows.
/// Each cell remembers which series drew into it last, so a renderer can colour
/// it or, in ASCII, print that series' marker instead of the braille pattern.
struct BrailleCanvas {
    let columns: Int
    let rows: Int
    /// Per cell, the raised dots as the low byte of the U+2800 code point.
    private(set) var bits: [UInt8]
    /// Per cell, the last series that drew into it (-1: none).
    private(set) var owner: [Int]

    init(columns: Int, rows: Int) {
        self.columns = max(0, columns)
        self.rows = max(0, rows)
        bits = Array(repeating: 0, count: self.columns * self.rows)
        owner = Array(repeating: -1, count: self.columns * self.rows)
    }

    var dotWidth: Int { columns * 2 }
    var dotHeight: Int { rows * 4 }

    /// The bit of the dot at (dx, dy) inside a cell, as Unicode numbers them:
    /// dots 1-2-3 down the left column, 4-5-6 down the right, then 7 and 8 below.
    static func bit(dx: Int, dy: Int) -> UInt8 {
        switch (dx, dy) {
        case (0, 0): 0x01
        case (0, 1): 0x02
        case (0, 2): 0x04
        case (1, 0): 0x08
        case (1, 1): 0x10
        case (1, 2): 0x20
        case (0, 3): 0x40
        case (1, 3): 0x80
        default: 0
        }
    }

    /// Raises the dot at (x, y) for `series`; dots outside the canvas are ignored.
    mutating func set(x: Int, y: Int, series: Int) {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return }
        let cell = (y / 4) * columns + x / 2
        bits[cell] |= Self.bit(dx: x % 2, dy: y % 4)
        owner[cell] = series
    }

    /// Draws a straight line of dots between two dots (both included).
    mutating func line(from a: (x: Int, y: Int), to b: (x: Int, y: Int), series: Int) {
        var x = a.x
        var y = a.y
        let dx = abs(b.x - a.x)
        let dy = -abs(b.y - a.y)
        let sx = a.x < b.x ? 1 : -1
        let sy = a.y < b.y ? 1 : -1
        var err = dx + dy
        while true {
            set(x: x, y: y, series: series)
            if x == b.x && y == b.y { return }
            let e2 = 2 * err
            if e2 >= dy {
                err += dy
                x += sx
            }
            if e2 <= dx {
                err += dx
                y += sy
            }
        }
    }

    /// The braille character of a cell (U+2800 when empty).
    func character(column: Int, row: Int) -> Character {
        let b = bits[row * columns + column]
        return Character(Unicode.Scalar(0x2800 + UInt32(b)) ?? " ")
    }

    /// Whether any dot of the cell is raised.
    func isSet(column: Int, row: Int) -> Bool { bits[row * columns + column] != 0 }

    /// The series that drew into the cell last, if any.
    func series(column: Int, row: Int) -> Int? {
        let s = owner[row * columns + column]
        return s >= 0 ? s : nil
    }
}
