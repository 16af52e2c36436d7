import XCTest

@testable import GradLanguage

final class ValueLayoutTests: XCTestCase {
    /// A list holds its items inline, so a large case would make every item of
    /// every list that large (an inline plot made a list of numbers cost 160
    /// bytes an item: `[1] * 10000000` filled 1.6 GB).
    func testAValueIsSmall() {
        XCTAssertLessThanOrEqual(MemoryLayout<Value>.stride, 24)
    }
}
