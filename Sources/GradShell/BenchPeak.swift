import GradEngine

#if canImport(Glibc)
    import Glibc
#endif

/// `gradlab bench --peak`: the machine's best float32 matrix-product rate at
/// n = 1024 (the engine's BLAS, and `torch.mm` when a Python with torch is
/// given, measured in the same run; the higher counts), next to the GFLOP/s
/// each preset achieves and its fraction of that rate.
struct BenchPeak {
    /// The product size the rate is measured at.
    static let size = 1024
    /// Timed steps per preset when `--steps` is not given (as scripts/bench-compare).
    static let defaultSteps = ["tiny": 2000, "mnist": 400, "wide": 100, "deep": 400]

    var threads = 1
    var torchPython: String?

    /// The measured rates, in GFLOP/s.
    struct Rates {
        var blas: Double
        /// nil without a torch Python; `torchProblem` says why it has none.
        var torch: Double?
        var torchProblem: String?
        var peak: Double { max(blas, torch ?? 0) }
    }

    func measure() throws(EngineError) -> Rates {
        let blas = try GemmRate.measure(size: Self.size, threads: threads)
        guard let python = torchPython else { return Rates(blas: blas) }
        switch Self.torchRate(python: python, threads: threads) {
        case .success(let t): return Rates(blas: blas, torch: t)
        case .failure(let p): return Rates(blas: blas, torchProblem: p.message)
        }
    }

    struct TorchProblem: Error { var message: String }

    /// torch.mm's rate on `threads` threads, measured as `GemmRate` measures the
    /// BLAS (best of 3 trials of at least 0.25 s, after warm-up), by `python`.
    static func torchRate(python: String, threads: Int) -> Result<Double, TorchProblem> {
        let script = """
            import time, torch
            torch.set_num_threads(\(threads))
            n = \(size)
            a = torch.randn(n, n); b = torch.randn(n, n); c = torch.empty(n, n)
            torch.mm(a, b, out=c); torch.mm(a, b, out=c)
            best = 0.0
            for trial in range(3):
                count = 0; start = time.perf_counter()
                while True:
                    torch.mm(a, b, out=c); count += 1
                    elapsed = time.perf_counter() - start
                    if elapsed >= 0.25: break
                best = max(best, 2 * n ** 3 * count / elapsed / 1e9)
            print(best)
            """
        let command = "\(shellQuoted(python)) -c \(shellQuoted(script)) 2>/dev/null"
        guard let pipe = popen(command, "r") else {
            return .failure(TorchProblem(message: "cannot start \(python)"))
        }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 256)
        while true {
            let n = fread(&buffer, 1, buffer.count, pipe)
            if n <= 0 { break }
            bytes += buffer[0..<n]
        }
        let status = pclose(pipe)
        let text = String(decoding: bytes, as: UTF8.self)
        let last = text.split(separator: "\n").last.map(String.init) ?? ""
        guard status == 0, let rate = Double(last) else {
            return .failure(TorchProblem(message: "\(python) could not time torch.mm"))
        }
        return .success(rate)
    }

    /// `text` in single quotes for /bin/sh.
    static func shellQuoted(_ text: String) -> String {
        var quoted = "'"
        for c in text {
            if c == "'" { quoted += "'\\''" } else { quoted.append(c) }
        }
        return quoted + "'"
    }

    /// One preset's achieved rate, and its ceiling.
    struct Achieved {
        var preset: String
        var steps: Int
        var stepsPerSecond: Double
        var gflops: Double
        /// The GFLOP/s of the step's matrix products run alone, on hot buffers
        /// (`GemmRate.stepProducts`): what the step would reach if nothing else
        /// ran, and so the highest fraction of the peak it can reach here.
        var productsAloneGflops: Double
    }

    /// The GFLOP/s of a finished benchmark run, counting the true work of a
    /// step, and of the same step's products alone (measured now).
    func achieved(_ bench: Bench, _ r: Bench.Result) throws(EngineError) -> Achieved {
        let rate = Double(bench.steps) / r.seconds
        let preset = bench.preset
        let alone = try GemmRate.stepProducts(
            widths: preset.widths, batch: preset.batch, threads: threads)
        let work = Double(preset.flopsPerStep)
        return Achieved(
            preset: preset.name, steps: bench.steps, stepsPerSecond: rate,
            gflops: work * rate / 1e9, productsAloneGflops: work / alone / 1e9)
    }

    /// The rates in words, one line.
    func ratesLine(_ rates: Rates) -> String {
        let r = BenchCommand.rounded
        var line =
            "GEMM \(Self.size)×\(Self.size) float32, \(threads) thread\(threads == 1 ? "" : "s"): "
            + "BLAS (OpenBLAS \(ComputeThreads.kernels)) \(r(rates.blas, 1)) GFLOP/s"
        if let t = rates.torch {
            line += ", torch.mm \(r(t, 1)) GFLOP/s"
        } else if let p = rates.torchProblem {
            line += " (torch.mm not measured: \(p))"
        }
        return line + "; peak \(r(rates.peak, 1)) GFLOP/s"
    }

    /// The human report: the rates, then a row per preset.
    func report(_ rates: Rates, _ rows: [Achieved]) -> String {
        let r = BenchCommand.rounded
        var lines = [ratesLine(rates)]
        if !rows.isEmpty {
            lines.append("preset  steps/s     GFLOP/s  of peak  products alone  of peak")
        }
        for a in rows {
            let name = a.preset.padding(to: 8)
            let steps = "\(r(a.stepsPerSecond, 1))".padding(to: 12)
            let gflops = "\(r(a.gflops, 1))".padding(to: 9)
            let fraction = "\(r(100 * a.gflops / rates.peak, 1))%".padding(to: 9)
            let alone = "\(r(a.productsAloneGflops, 1))".padding(to: 16)
            lines.append(
                "\(name)\(steps)\(gflops)\(fraction)\(alone)\(r(100 * a.productsAloneGflops / rates.peak, 1))%"
            )
        }
        if !rows.isEmpty {
            lines.append(
                "(products alone: the step's matrix products with nothing else running, on hot buffers; no step can beat it)"
            )
        }
        return lines.joined(separator: "\n")
    }

    /// The JSON line: the rates, and a row per preset.
    func json(_ rates: Rates, _ rows: [Achieved]) -> JSONValue {
        let n = BenchCommand.number
        let r = BenchCommand.rounded
        var members = [
            JSONMember("size", .int(Self.size)),
            JSONMember("threads", .int(threads)),
            JSONMember("blas", .string("OpenBLAS \(ComputeThreads.kernels)")),
            JSONMember("blas_gflops", n(r(rates.blas, 2))),
            JSONMember("torch_gflops", rates.torch.map { n(r($0, 2)) } ?? .null),
            JSONMember("peak_gflops", n(r(rates.peak, 2))),
        ]
        members.append(
            JSONMember(
                "presets",
                .array(
                    rows.map { a in
                        .object([
                            JSONMember("preset", .string(a.preset)),
                            JSONMember("steps", .int(a.steps)),
                            JSONMember("steps_per_s", n(r(a.stepsPerSecond, 2))),
                            JSONMember("gflops", n(r(a.gflops, 3))),
                            JSONMember("fraction_of_peak", n(r(a.gflops / rates.peak, 4))),
                            JSONMember("products_alone_gflops", n(r(a.productsAloneGflops, 3))),
                            JSONMember(
                                "products_alone_fraction",
                                n(r(a.productsAloneGflops / rates.peak, 4))),
                        ])
                    })))
        return .object(members)
    }
}

extension String {
    /// The string followed by spaces up to `width` characters.
    fileprivate func padding(to width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
