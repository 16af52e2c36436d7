import Foundation
import XCTest

@testable import GradEngine

/// The one whole-file read: sizes, limits, directories, FIFOs, descriptors.
final class FileContentsTests: XCTestCase {
    /// A fresh folder, removed after the test.
    func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "gradlab-read-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    func failure(_ body: () throws(FileReadFailure) -> [UInt8]) -> FileReadFailure? {
        do {
            _ = try body()
            return nil
        } catch {
            return error
        }
    }

    func testReadsWholeFilesUpToTheLimit() throws {
        let folder = try temporaryFolder()
        let path = folder + "/data"
        // Larger than one growth step, to read past the first allocation.
        let bytes = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        XCTAssertEqual(try FileContents.read(path, limit: bytes.count), bytes)
        XCTAssertEqual(
            failure { () throws(FileReadFailure) in try FileContents.read(path, limit: 199_999) },
            .tooLarge(size: 200_000))
        try Data().write(to: URL(fileURLWithPath: folder + "/empty"))
        XCTAssertEqual(try FileContents.read(folder + "/empty", limit: 0), [])
    }

    func testFailuresAreTyped() throws {
        let folder = try temporaryFolder()
        XCTAssertEqual(
            failure { () throws(FileReadFailure) in try FileContents.read("", limit: 10) }, .noName)
        XCTAssertEqual(
            failure { () throws(FileReadFailure) in
                try FileContents.read(folder + "/missing", limit: 10)
            }, .cannotOpen(errno: ENOENT))
        XCTAssertEqual(
            failure { () throws(FileReadFailure) in try FileContents.read(folder, limit: 10) },
            .directory)
        XCTAssertEqual(FileReadFailure.systemReason(ENOENT), "No such file or directory")
    }

    func testAFIFOIsReadOnlyWhenStreamsAreAccepted() throws {
        let fifo = try temporaryFolder() + "/pipe"
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        // Refused before open, which would block with no writer.
        XCTAssertEqual(
            failure { () throws(FileReadFailure) in try FileContents.read(fifo, limit: 100) },
            .notRegularFile)
        let writer = Thread {
            let fd = open(fifo, O_WRONLY)
            guard fd >= 0 else { return }
            _ = "a,b\n1,2\n".withCString { write(fd, $0, strlen($0)) }
            close(fd)
        }
        writer.start()
        XCTAssertEqual(
            try FileContents.read(fifo, limit: 100, acceptingStreams: true),
            Array("a,b\n1,2\n".utf8))
    }

    func testADescriptorIsReadToItsEndWithinTheLimit() throws {
        var ends: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&ends), 0)
        _ = "0123456789".withCString { write(ends[1], $0, 10) }
        close(ends[1])
        defer { close(ends[0]) }
        XCTAssertEqual(
            failure { () throws(FileReadFailure) in
                try FileContents.read(descriptor: ends[0], limit: 9)
            }, .tooLarge(size: nil))
        var again: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&again), 0)
        _ = "0123456789".withCString { write(again[1], $0, 10) }
        close(again[1])
        defer { close(again[0]) }
        XCTAssertEqual(
            try FileContents.read(descriptor: again[0], limit: 10), Array("0123456789".utf8))
    }
}
