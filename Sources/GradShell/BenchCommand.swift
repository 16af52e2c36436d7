import GradEngine

/// Parses `gradlab bench` arguments, runs the benchmark and prints its report.
enum BenchCommand {
    static let usage =
        """
        usage: gradlab bench [--preset tiny|mnist|wide|deep] [--steps N] [--warmup N] [--threads T] [--stats] [--checks] [--json] [--seed N] [--profile]
               gradlab bench --peak [--preset P] [--steps N] [--threads T] [--torch-python PYTHON] [--json]
               gradlab bench --gemm-peak [--threads T] [--torch-python PYTHON] [--json]
        """

    /// Runs `gradlab bench` with `args` (after "bench"); returns how the command ends.
    static func run(
        _ args: [String], output: inout some TextOutputStream, errors: inout some TextOutputStream
    ) -> GradLabExit {
        var presetName: String?
        var json = false
        var steps: Int?
        var peak = false
        var gemmPeakOnly = false
        var torchPython: String?
        var profile = false
        var warmup = 20
        var threads = 1
        var stats = false
        var checks = false
        var seed: UInt64 = 0
        var i = 0
        func value(_ flag: String) -> String? {
            i += 1
            return i < args.count ? args[i] : nil
        }
        while i < args.count {
            let a = args[i]
            switch a {
            case "--preset":
                guard let v = value(a) else { return usageError("--preset needs a name", &errors) }
                presetName = v
            case "--steps", "--warmup", "--threads":
                guard let v = value(a), let n = Int(v) else {
                    return usageError("\(a) needs a whole number", &errors)
                }
                if a == "--steps" {
                    steps = n
                } else if a == "--warmup" {
                    warmup = n
                } else {
                    threads = n
                }
            case "--seed":
                guard let v = value(a), let n = UInt64(v) else {
                    return usageError("--seed needs a whole number ≥ 0", &errors)
                }
                seed = n
            case "--torch-python":
                guard let v = value(a) else {
                    return usageError("--torch-python needs a path", &errors)
                }
                torchPython = v
            case "--peak": peak = true
            case "--gemm-peak": gemmPeakOnly = true
            case "--profile": profile = true
            case "--stats": stats = true
            case "--checks": checks = true
            case "--json": json = true
            case "-h", "--help":
                print(usage, to: &output)
                return .ok
            default:
                return usageError("unknown option '\(a)'", &errors)
            }
            i += 1
        }
        let chosen = Bench.presets.filter { presetName == nil || $0.name == presetName }
        guard let preset = chosen.first(where: { $0.name == (presetName ?? "mnist") }) else {
            return usageError(
                "unknown preset '\(presetName ?? "")' (choose from \(Bench.presets.map(\.name).joined(separator: ", ")))",
                &errors)
        }
        guard steps ?? 1 >= 1, warmup >= 0, threads >= 1 else {
            return usageError(
                "--steps and --threads must be at least 1, --warmup at least 0", &errors)
        }
        if peak || gemmPeakOnly {
            return runPeak(
                BenchPeak(threads: threads, torchPython: torchPython),
                presets: gemmPeakOnly ? [] : chosen, steps: steps, warmup: warmup, seed: seed,
                json: json, output: &output, errors: &errors)
        }
        var bench = Bench(preset: preset)
        bench.steps = steps ?? 200
        bench.warmup = warmup
        bench.threads = threads
        bench.statistics = stats || checks
        bench.liveChecks = checks
        bench.profile = profile
        bench.seed = seed
        do {
            let r = try bench.run()
            print(json ? report(bench, r).compactText : humanReport(bench, r), to: &output)
            if let phases = r.profile, !json {
                print(profileReport(phases, bench: bench, seconds: r.seconds), to: &output)
            }
            return .ok
        } catch {
            print("gradlab: error: \(error)", to: &errors)
            return .benchmarkFailed
        }
    }

    /// `--peak` and `--gemm-peak`: the GEMM rates, then each preset's achieved rate.
    private static func runPeak(
        _ peak: BenchPeak, presets: [Bench.Preset], steps: Int?, warmup: Int, seed: UInt64,
        json: Bool, output: inout some TextOutputStream, errors: inout some TextOutputStream
    ) -> GradLabExit {
        do {
            let rates = try peak.measure()
            var rows: [BenchPeak.Achieved] = []
            for preset in presets {
                var bench = Bench(preset: preset)
                bench.steps = steps ?? BenchPeak.defaultSteps[preset.name] ?? 200
                bench.warmup = warmup
                bench.threads = peak.threads
                bench.seed = seed
                rows.append(try peak.achieved(bench, try bench.run()))
            }
            print(
                json ? peak.json(rates, rows).compactText : peak.report(rates, rows), to: &output)
            return .ok
        } catch {
            print("gradlab: error: \(error)", to: &errors)
            return .benchmarkFailed
        }
    }

    private static func usageError(_ message: String, _ errors: inout some TextOutputStream)
        -> GradLabExit
    {
        print("gradlab bench: \(message)\n\(usage)", to: &errors)
        return .usage
    }

    /// The fields of torch_mlp.py's JSON line, in its order.
    static func report(_ bench: Bench, _ r: Bench.Result) -> JSONValue {
        let p = bench.preset
        let sorted = r.stepSeconds.sorted()
        let median = sorted[sorted.count / 2]
        let worst = sorted[sorted.count - 1]
        let flops = p.flopsPerStep
        var config: [JSONMember] = [
            JSONMember("inp", .int(p.inputs)),
            JSONMember("hidden", .array(p.hidden.map { .int($0) })),
            JSONMember("classes", .int(p.classes)),
            JSONMember("act", .string(p.activation.name)),
            JSONMember("bn", .bool(p.batchNorm)),
            JSONMember("batch", .int(p.batch)),
            JSONMember("n", .int(p.samples)),
            JSONMember("opt", .string(p.optimizer.name)),
            JSONMember("lr", number(p.optimizer.learningRate)),
        ]
        if case .sgd(_, let m, _) = p.optimizer, m > 0 {
            config.append(JSONMember("momentum", number(m)))
        }
        if let c = p.clipNorm { config.append(JSONMember("clip", number(c))) }
        if p.heInit { config.append(JSONMember("init", .string("kaiming"))) }
        config += [
            JSONMember("data", .string(p.spiral ? "spiral" : "teacher")),
            JSONMember("seed", .int(Int(bench.seed))),
            JSONMember("warmup", .int(bench.warmup)),
        ]
        let steps = Double(bench.steps)
        return .object([
            JSONMember("preset", .string(p.name)),
            JSONMember("steps", .int(bench.steps)),
            JSONMember("threads", .int(bench.threads)),
            JSONMember("grad_stats", .bool(bench.statistics)),
            JSONMember("live_checks", .bool(bench.liveChecks)),
            JSONMember("seconds", number(rounded(r.seconds, 4))),
            JSONMember("cpu_seconds", number(rounded(r.cpuSeconds, 4))),
            JSONMember("steps_per_s", number(rounded(steps / r.seconds, 2))),
            JSONMember(
                "samples_per_s", number(rounded(Double(bench.steps * p.batch) / r.seconds, 1))),
            JSONMember("step_ms_median", number(rounded(median * 1e3, 4))),
            JSONMember("step_ms_max", number(rounded(worst * 1e3, 3))),
            JSONMember("steps_per_s_from_median", number(rounded(1 / median, 2))),
            JSONMember("page_faults_per_step", number(rounded(Double(r.pageFaults) / steps, 2))),
            JSONMember("flops_per_step", .int(flops)),
            JSONMember(
                "gflops", number(rounded(Double(flops * bench.steps) / r.seconds / 1e9, 3))),
            // JSON has no NaN or infinity: a diverged run's loss is the string "nan" or "inf".
            JSONMember("final_loss", number(rounded(r.finalLoss, 5))),
            JSONMember("params", .int(r.params)),
            JSONMember("weights", .int(r.weights)),
            JSONMember("rss_growth_kib", .int(r.rssGrowthKiB)),
            // With --checks: the divergence check before the first step, and
            // its share of the timed loop.
            JSONMember("curvature_first_ms", number(rounded(r.firstCurvatureSeconds * 1e3, 2))),
            JSONMember("curvature_ms", number(rounded(r.curvatureSeconds * 1e3, 2))),
            JSONMember("config", .object(config)),
        ])
    }

    /// A finite number as its shortest description; NaN or an infinity as a string.
    static func number(_ x: Double) -> JSONValue {
        JSONValue.float(x) ?? .string("\(x)")
    }

    static func humanReport(_ bench: Bench, _ r: Bench.Result) -> String {
        let sorted = r.stepSeconds.sorted()
        let median = sorted[sorted.count / 2]
        return """
            preset \(bench.preset.name): \(bench.steps) steps, \(bench.threads) thread\(bench.threads == 1 ? "" : "s"), statistics \(bench.statistics ? "on" : "off")
              \(rounded(Double(bench.steps) / r.seconds, 1)) steps/s, median step \(rounded(median * 1e3, 3)) ms, \
            \(rounded(Double(r.pageFaults) / Double(bench.steps), 2)) page faults/step, final loss \(rounded(r.finalLoss, 5))
            """
    }

    /// `--profile`: the timed steps' time by phase, largest first, per step and
    /// as a share of the loop, with the matrix products' GFLOP/s; then what
    /// fell outside every phase.
    static func profileReport(_ profile: StepProfile, bench: Bench, seconds: Double) -> String {
        let steps = Double(bench.steps)
        var lines = ["phase                                     ms/step   share  GFLOP/s"]
        func line(_ name: String, _ s: Double, _ operations: Double) {
            let columns = [
                name.padding(40), "\(rounded(1e3 * s / steps, 4))".padding(10),
                "\(rounded(100 * s / seconds, 1))%".padding(7),
                operations > 0 ? "\(rounded(operations / s / 1e9, 1))" : "",
            ]
            lines.append(columns.joined())
        }
        let entries = profile.entries.sorted { $0.seconds > $1.seconds }
        for e in entries { line(e.name, e.seconds, e.operations) }
        let covered = entries.reduce(0) { $0 + $1.seconds }
        line("(outside the phases above)", seconds - covered, 0)
        let products = entries.filter { $0.operations > 0 }
        line(
            "all matrix products", products.reduce(0) { $0 + $1.seconds },
            products.reduce(0) { $0 + $1.operations })
        return lines.joined(separator: "\n")
    }

    static func rounded(_ x: Double, _ places: Int) -> Double {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        return (x * scale).rounded() / scale
    }
}

extension String {
    /// The string and spaces up to `width` characters (one space at least).
    fileprivate func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
