import XCTest

@testable import GradShell

/// `gradlab bench`: arguments, exit codes and the JSON fields shared with
/// torch_mlp.py, the PyTorch reference benchmark.
final class BenchCommandTests: XCTestCase {
    func run(_ args: [String]) -> (code: Int32, out: String, err: String) {
        var out = ""
        var err = ""
        let code = BenchCommand.run(args, output: &out, errors: &err).code
        return (code, out, err)
    }

    func testJSONHasTorchScriptsFields() throws {
        let r = run(["--preset", "tiny", "--steps", "5", "--warmup", "2", "--json"])
        XCTAssertEqual(r.code, 0, r.err)
        let object = try XCTUnwrap(
            try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        for key in [
            "preset", "steps", "threads", "grad_stats", "seconds", "steps_per_s", "samples_per_s",
            "step_ms_median", "step_ms_max", "steps_per_s_from_median", "page_faults_per_step",
            "flops_per_step", "gflops", "final_loss", "params", "weights", "config",
        ] {
            XCTAssertNotNil(object[key], "missing \(key)")
        }
        XCTAssertEqual(object["preset"] as? String, "tiny")
        XCTAssertEqual(object["steps"] as? Int, 5)
        XCTAssertEqual(object["grad_stats"] as? Bool, false)
        // tiny: 2→16×8→3 with biases; weights 2·16 + 7·16·16 + 16·3 = 1872.
        XCTAssertEqual(object["weights"] as? Int, 1872)
        XCTAssertEqual(object["params"] as? Int, 1872 + 8 * 16 + 3)
        // The true work: forward and weight gradient of every layer, input gradient
        // of all but the first (2→16: 32 weights), 2 operations per multiply-add.
        XCTAssertEqual(object["flops_per_step"] as? Int, 2 * 32 * (3 * 1872 - 32))
        let config = try XCTUnwrap(object["config"] as? [String: Any])
        XCTAssertEqual(config["act"] as? String, "sigmoid")
        XCTAssertEqual(config["hidden"] as? [Int], Array(repeating: 16, count: 8))
    }

    /// --peak: the BLAS's GEMM rate, then each preset's rate over the true work
    /// of its steps, as a fraction of the better of the BLAS and torch.mm (a
    /// Python that cannot run torch leaves torch.mm out, and says so).
    func testPeakReportsEachPresetsFractionOfTheGemmRate() throws {
        let r = run([
            "--peak", "--preset", "tiny", "--steps", "20", "--warmup", "2", "--json",
            "--torch-python", "/nonexistent/python",
        ])
        XCTAssertEqual(r.code, 0, r.err)
        let object = try XCTUnwrap(
            try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        XCTAssertEqual(object["size"] as? Int, 1024)
        let blas = try XCTUnwrap(object["blas_gflops"] as? Double)
        XCTAssertGreaterThan(blas, 1)
        XCTAssertTrue(object["torch_gflops"] is NSNull)
        XCTAssertEqual(object["peak_gflops"] as? Double, blas)
        let rows = try XCTUnwrap(object["presets"] as? [[String: Any]])
        XCTAssertEqual(rows.map { $0["preset"] as? String }, ["tiny"])
        let row = try XCTUnwrap(rows.first)
        let stepsPerSecond = try XCTUnwrap(row["steps_per_s"] as? Double)
        let gflops = try XCTUnwrap(row["gflops"] as? Double)
        XCTAssertEqual(gflops, stepsPerSecond * 357_376 / 1e9, accuracy: gflops * 0.01)
        let fraction = try XCTUnwrap(row["fraction_of_peak"] as? Double)
        XCTAssertEqual(fraction, gflops / blas, accuracy: 1e-3)
        // The same products with nothing else running: a ceiling for the step.
        let alone = try XCTUnwrap(row["products_alone_gflops"] as? Double)
        XCTAssertGreaterThan(alone, gflops)
        let aloneFraction = try XCTUnwrap(row["products_alone_fraction"] as? Double)
        XCTAssertEqual(aloneFraction, alone / blas, accuracy: 1e-3)

        let table = run(["--peak", "--preset", "tiny", "--steps", "20", "--warmup", "2"])
        XCTAssertEqual(table.code, 0, table.err)
        let lines = table.out.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 4, table.out)
        XCTAssertEqual(
            lines.dropFirst().first, "preset  steps/s     GFLOP/s  of peak  products alone  of peak"
        )
        XCTAssertTrue(lines.dropFirst(2).first?.hasPrefix("tiny    ") ?? false, table.out)
        XCTAssertEqual(lines.dropFirst(2).first?.filter { $0 == "%" }.count, 2, table.out)
        XCTAssertTrue(lines.last?.hasPrefix("(products alone: ") ?? false, table.out)

        let human = run([
            "--gemm-peak", "--torch-python", "/nonexistent/python",
        ])
        XCTAssertEqual(human.code, 0, human.err)
        XCTAssertTrue(
            human.out.hasPrefix("GEMM 1024×1024 float32, 1 thread: BLAS (OpenBLAS "), human.out)
        XCTAssertTrue(
            human.out.contains(
                "(torch.mm not measured: /nonexistent/python could not time torch.mm); peak "),
            human.out)
        XCTAssertFalse(human.out.contains("preset"), human.out)
    }

    /// With a Python that has torch (GRADLAB_TORCH_PYTHON), torch.mm is timed
    /// in the same run and the peak is the higher of the two rates.
    func testPeakTimesTorchMatmulWithATorchPython() throws {
        guard let python = ProcessInfo.processInfo.environment["GRADLAB_TORCH_PYTHON"] else {
            throw XCTSkip("GRADLAB_TORCH_PYTHON is not set")
        }
        let r = run(["--gemm-peak", "--json", "--torch-python", python])
        XCTAssertEqual(r.code, 0, r.err)
        let object = try XCTUnwrap(
            try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        let blas = try XCTUnwrap(object["blas_gflops"] as? Double)
        let torch = try XCTUnwrap(object["torch_gflops"] as? Double)
        XCTAssertGreaterThan(torch, 1)
        XCTAssertEqual(object["peak_gflops"] as? Double, max(blas, torch))
        XCTAssertEqual((object["presets"] as? [Any])?.count, 0)
    }

    func testPresetsMatchTheTorchScript() {
        let byName = Dictionary(uniqueKeysWithValues: Bench.presets.map { ($0.name, $0) })
        XCTAssertEqual(byName["mnist"]?.hidden, [256, 256])
        XCTAssertEqual(byName["mnist"]?.batch, 128)
        XCTAssertEqual(byName["mnist"]?.clipNorm, 1.0)
        XCTAssertEqual(byName["wide"]?.inputs, 1024)
        XCTAssertEqual(byName["wide"]?.optimizer, .adam(lr: 1e-3))
        XCTAssertEqual(byName["deep"]?.hidden.count, 20)
        XCTAssertEqual(byName["deep"]?.batchNorm, true)
        XCTAssertEqual(byName["deep"]?.optimizer, .sgd(lr: 0.05))
    }

    func testStatisticsFlagIsReported() throws {
        let r = run(["--preset", "tiny", "--steps", "3", "--warmup", "0", "--stats", "--json"])
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssertTrue(r.out.contains("\"grad_stats\": true"), r.out)
    }

    /// --checks runs the live diagnosis as train does: the tiny preset (8 sigmoid
    /// layers) is found vanishing while it is benchmarked.
    func testLiveChecksFlagRunsTheChecks() throws {
        guard let tiny = Bench.presets.first(where: { $0.name == "tiny" }) else {
            return XCTFail("no tiny preset")
        }
        var bench = Bench(preset: tiny)
        bench.steps = 64
        bench.warmup = 0
        bench.liveChecks = true
        XCTAssertGreaterThanOrEqual(try bench.run().findings, 1)
        bench.liveChecks = false
        XCTAssertEqual(try bench.run().findings, 0)
        let r = run(["--preset", "tiny", "--steps", "3", "--warmup", "0", "--checks", "--json"])
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssertTrue(
            r.out.contains("\"live_checks\": true") && r.out.contains("\"grad_stats\": true"), r.out
        )
    }

    /// --checks times the divergence check: once before the first step, and
    /// within the timed loop at every 512th step.
    func testLiveChecksTimeTheDivergenceCheck() throws {
        guard let tiny = Bench.presets.first(where: { $0.name == "tiny" }) else {
            return XCTFail("no tiny preset")
        }
        var bench = Bench(preset: tiny)
        bench.steps = 520
        bench.warmup = 0
        bench.liveChecks = true
        let r = try bench.run()
        XCTAssertGreaterThan(r.firstCurvatureSeconds, 0)
        XCTAssertGreaterThan(r.curvatureSeconds, 0)
        XCTAssertLessThan(r.curvatureSeconds, r.seconds)
        bench.steps = 500
        XCTAssertEqual(try bench.run().curvatureSeconds, 0, "no check is due before step 512")
        bench.liveChecks = false
        let plain = try bench.run()
        XCTAssertEqual(plain.firstCurvatureSeconds, 0)
        let json = run(["--preset", "tiny", "--steps", "3", "--warmup", "0", "--json"])
        XCTAssertTrue(json.out.contains("\"curvature_ms\": 0"), json.out)
    }

    /// A training step allocates nothing that stays: after warm-up, hundreds of
    /// steps leave the resident set where it was.
    func testSteadyStateMemoryIsFlat() throws {
        guard let tiny = Bench.presets.first(where: { $0.name == "tiny" }) else {
            return XCTFail("no tiny preset")
        }
        var bench = Bench(preset: tiny)
        bench.warmup = 50
        bench.steps = 1500
        bench.statistics = true
        let r = try bench.run()
        XCTAssertLessThan(
            r.rssGrowthKiB, 256, "resident set grew by \(r.rssGrowthKiB) KiB over 1500 steps")
        XCTAssertLessThan(Double(r.pageFaults) / 1500, 0.5)
    }

    func testUsageErrorsExit64WithAMessage() {
        var r = run(["--preset", "huge"])
        XCTAssertEqual(r.code, 64)
        XCTAssertTrue(
            r.err.hasPrefix(
                "gradlab bench: unknown preset 'huge' (choose from tiny, mnist, wide, deep)"), r.err
        )
        r = run(["--steps", "many"])
        XCTAssertEqual(r.code, 64)
        XCTAssertTrue(r.err.hasPrefix("gradlab bench: --steps needs a whole number"), r.err)
        r = run(["--steps", "0"])
        XCTAssertEqual(r.code, 64)
        r = run(["--fast"])
        XCTAssertEqual(r.code, 64)
        XCTAssertTrue(r.err.hasPrefix("gradlab bench: unknown option '--fast'"), r.err)
    }

    func testTopLevelCommandLine() {
        XCTAssertEqual(GradLab.main(["--version"]), 0)
        XCTAssertEqual(GradLab.main(["frobnicate"]), 64)
    }
}
