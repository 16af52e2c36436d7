import Foundation
import XCTest

@testable import GradEngine

/// Model files survive a writer killed at any moment: `save` writes a
/// temporary file and renames it, so the model file is always the old
/// complete file or the new complete file, never a torn one.
final class AtomicSaveTests: XCTestCase {
    /// The gradlab binary of this build.
    var binary: String { Subprocess.gradlabBinary }

    func testKillingTheWriterNeverLeavesATornModelFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "gradlab-kill-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = dir.appendingPathComponent("m.json").path
        // A model of about 700 KB of JSON, saved over and over with different weights.
        let program = """
            let n = model(inputs: 64) { repeat(4) { dense(128, act: relu) }; dense(3) }
            for i in 1..1000000 { reinit(n); save(n, "\(model)") }
            """
        var loaded = 0
        var absent = 0
        var midWrite = 0
        var rng = SystemRandomNumberGenerator()
        let rounds = 20
        for round in 0..<rounds {
            var pid = pid_t()
            let arguments: [String] = [binary, "-e", program]
            let argv = arguments.map { strdup($0) } + [nil]
            defer { for p in argv { free(p) } }
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
            XCTAssertEqual(posix_spawn(&pid, binary, &actions, nil, argv, environ), 0)
            // Kill at a random moment: before the first save, mid-write, between writes.
            usleep(UInt32.random(in: 50_000...900_000, using: &rng))
            kill(pid, SIGKILL)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            // A leftover temporary file means the kill came in the middle of a write.
            let strays =
                (try? FileManager.default.contentsOfDirectory(atPath: dir.path))?.filter {
                    $0.contains(".tmp-")
                } ?? []
            if !strays.isEmpty { midWrite += 1 }
            for stray in strays {
                try? FileManager.default.removeItem(at: dir.appendingPathComponent(stray))
            }
            if FileManager.default.fileExists(atPath: model) {
                do {
                    let net = try Network<Float>.load(from: model)
                    XCTAssertEqual(net.inputs, 64, "round \(round)")
                    loaded += 1
                } catch {
                    XCTFail("round \(round): the model file survived the kill torn: \(error)")
                }
            } else {
                absent += 1
            }
        }
        print(
            "AtomicSaveTests: \(rounds) kills (\(midWrite) in the middle of a write): the model file loaded \(loaded) times, was absent \(absent) times"
        )
        XCTAssertGreaterThan(loaded, 0, "the writer never got to save: the test proved nothing")
    }
}
