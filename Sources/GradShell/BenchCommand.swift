import GradEngine

/// Parses `gradlab bench` arguments, runs the benchmark and prints its report.
enum BenchCommand {
    static let usage =
        "usage: gradlab bench [--preset tiny|mnist|wide|deep] [--steps N] [--warmup N] [--threads T] [--stats] [--checks] [--json] [--seed N]"

    static func run(
        _ args: [String], output: inout some TextOutputStream, errors: inout some TextOutputStream
    ) -> Int32 {
        var presetName = "mnist"
        var json = false
        var steps = 200
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
            case "--stats": stats = true
            case "--checks": checks = true
            case "--json": json = true
            case "-h", "--help":
                print(usage, to: &output)
                return 0
            default:
                return usageError("unknown option '\(a)'", &errors)
            }
            i += 1
        }
        guard let preset = Bench.presets.first(where: { $0.name == presetName }) else {
            return usageError(
                "unknown preset '\(presetName)' (choose from \(Bench.presets.map(\.name).joined(separator: ", ")))",
                &errors)
        }
        guard steps >= 1, warmup >= 0, threads >= 1 else {
            return usageError(
                "--steps and --threads must be at least 1, --warmup at least 0", &errors)
        }
        var bench = Bench(preset: preset)
        bench.steps = steps
        bench.warmup = warmup
        bench.threads = threads
        bench.statistics = stats || checks
        bench.liveChecks = checks
        bench.seed = seed
        do {
            let r = try bench.run()
            print(json ? report(bench, r).jsonText : humanReport(bench, r), to: &output)
            return 0
        } catch {
            print("gradlab: error: \(error)", to: &errors)
            return 70
        }
    }

    private static func usageError(_ message: String, _ errors: inout some TextOutputStream)
        -> Int32
    {
        print("gradlab bench: \(message)\n\(usage)", to: &errors)
        return 64
    }

    /// The fields of torch_mlp.py's JSON line, in its order.
    static func report(_ bench: Bench, _ r: Bench.Result) -> JSONLine {
        let p = bench.preset
        let sorted = r.stepSeconds.sorted()
        let median = sorted[sorted.count / 2]
        let worst = sorted[sorted.count - 1]
        let flops = 6 * r.weights * p.batch
        var config = JSONLine()
        config.add("inp", p.inputs)
        config.add("hidden", p.hidden)
        config.add("classes", p.classes)
        config.add("act", p.activation.name)
        config.add("bn", p.batchNorm)
        config.add("batch", p.batch)
        config.add("n", p.samples)
        config.add("opt", p.optimizer.name)
        config.add("lr", p.optimizer.learningRate)
        if case .sgd(_, let m, _) = p.optimizer, m > 0 { config.add("momentum", m) }
        if let c = p.clipNorm { config.add("clip", c) }
        if p.heInit { config.add("init", "kaiming") }
        config.add("data", p.spiral ? "spiral" : "teacher")
        config.add("seed", Int(bench.seed))
        config.add("warmup", bench.warmup)
        var line = JSONLine()
        line.add("preset", p.name)
        line.add("steps", bench.steps)
        line.add("threads", bench.threads)
        line.add("grad_stats", bench.statistics)
        line.add("live_checks", bench.liveChecks)
        line.add("seconds", rounded(r.seconds, 4))
        line.add("steps_per_s", rounded(Double(bench.steps) / r.seconds, 2))
        line.add("samples_per_s", rounded(Double(bench.steps * p.batch) / r.seconds, 1))
        line.add("step_ms_median", rounded(median * 1e3, 4))
        line.add("step_ms_max", rounded(worst * 1e3, 3))
        line.add("steps_per_s_from_median", rounded(1 / median, 2))
        line.add("page_faults_per_step", rounded(Double(r.pageFaults) / Double(bench.steps), 2))
        line.add("flops_per_step", flops)
        line.add("gflops", rounded(Double(flops * bench.steps) / r.seconds / 1e9, 3))
        if r.finalLoss.isFinite {
            line.add("final_loss", rounded(r.finalLoss, 5))
        } else {
            line.add("final_loss", "\(r.finalLoss)")
        }
        line.add("params", r.params)
        line.add("weights", r.weights)
        line.add("rss_growth_kib", r.rssGrowthKiB)
        line.addRaw("config", config.jsonText)
        return line
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

    static func rounded(_ x: Double, _ places: Int) -> Double {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        return (x * scale).rounded() / scale
    }
}

/// A one-line JSON object built field by field (keys in insertion order).
struct JSONLine {
    private var fields: [String] = []

    mutating func add(_ key: String, _ value: String) {
        fields.append("\(quote(key)): \(quote(value))")
    }
    mutating func add(_ key: String, _ value: Int) { fields.append("\(quote(key)): \(value)") }
    mutating func add(_ key: String, _ value: Bool) { fields.append("\(quote(key)): \(value)") }
    mutating func add(_ key: String, _ value: Double) { fields.append("\(quote(key)): \(value)") }
    mutating func add(_ key: String, _ value: [Int]) {
        fields.append("\(quote(key)): [\(value.map(String.init).joined(separator: ", "))]")
    }
    mutating func addRaw(_ key: String, _ json: String) { fields.append("\(quote(key)): \(json)") }

    var jsonText: String { "{" + fields.joined(separator: ", ") + "}" }

    private func quote(_ s: String) -> String {
        var out = "\""
        for ch in s.unicodeScalars {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out + "\""
    }
}
