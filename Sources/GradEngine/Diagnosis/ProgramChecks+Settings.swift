#if canImport(Glibc)
    import Glibc
#endif

/// `unscaled_inputs` and `learning_rate`: the data's scale and the optimizer's
/// rate, against what inits and optimizers assume.
extension ProgramChecks {
    /// At most this many columns are named in the evidence.
    static var namedColumns: Int { 4 }

    /// Input columns whose |mean| or std is above `unscaled`, unless the model
    /// starts with a batch norm, which standardizes them itself.
    func unscaledInputs() -> Finding? {
        if case .batchNorm? = network.specs.first { return nil }
        let s = ColumnStatistics(data.x)
        let unscaled = (0..<s.count).filter { s.isUnscaled($0, limit: t.unscaled) }
        guard !unscaled.isEmpty else { return nil }
        // The largest first: they matter most.
        let ordered = unscaled.sorted {
            max(abs(s.mean[$0]), s.std[$0]) > max(abs(s.mean[$1]), s.std[$1])
        }
        let names = ordered.map {
            data.featureNames.indices.contains($0) ? data.featureNames[$0] : "x\($0 + 1)"
        }
        var listed = zip(names, ordered).prefix(Self.namedColumns).map { name, i in
            "\(name) (mean \(c(s.mean[i])), std \(c(s.std[i])))"
        }.joined(separator: ", ")
        if ordered.count > Self.namedColumns {
            listed += " and \(ordered.count - Self.namedColumns) more"
        }
        let which =
            s.count == 1
            ? "the input is" : "\(unscaled.count) of the \(s.count) input columns are"
        return Finding(
            kind: .unscaledInputs,
            evidence: [
                "\(which) far from unit scale (|mean| or std above \(NumberText.plain(t.unscaled))): \(listed)",
                "inits and learning rates assume inputs of about unit scale: these make the first layer's pre-activations, and its gradients, up to \(c(ordered.first.map { (s.mean[$0] * s.mean[$0] + s.std[$0] * s.std[$0]).squareRoot() } ?? 0))× larger",
            ], remedies: [.standardizeInputs(columns: names)])
    }

    /// A learning rate outside its optimizer's usual range; for SGD, where
    /// gradients were measured, a first step far from the weights' size.
    func learningRate() -> Finding? {
        guard let o = optimizer else { return nil }
        let lr = o.learningRate
        if o.learningRateScale == .gradient, let g = largestGradToData {
            return sgdStep(o, gradient: g)
        }
        let (low, high) = o.learningRateScale.usualRange(t)
        let usual = "its usual range is \(c(low)) to \(c(high))"
        var evidence: String
        if lr > high {
            evidence = "\(o.name)'s learning rate \(c(lr)) is above \(c(high)) (\(usual))"
            if case .sgd(_, let momentum, _) = o, momentum > 0, momentum < 1 {
                evidence +=
                    "; with momentum \(c(momentum)), its steps grow to \(c(1 / (1 - momentum)))× that"
            }
        } else if lr < low {
            evidence = "\(o.name)'s learning rate \(c(lr)) is below \(c(low)) (\(usual))"
        } else {
            return nil
        }
        return Finding(
            kind: .learningRate, evidence: [evidence],
            remedies: [.useUsualLearningRate(optimizer: o.name, from: lr, to: o.usualLearningRate)])
    }

    /// SGD's rate judged by the step it makes: lr × std(∇W) / std(W) at the
    /// layer where that is largest, times 1/(1 − μ) with momentum μ, against
    /// `sgd_step_low` and `sgd_step_high`. The remedy rescales the rate to a
    /// first step of 0.1 × the weights (a tenth of their size: Nielsen's
    /// lr 3 on sigmoids takes steps of that order and trains).
    private func sgdStep(_ o: Optimizer<Scalar>.Kind, gradient g: (layer: String, ratio: Double))
        -> Finding?
    {
        let lr = o.learningRate
        var momentum = 0.0
        if case .sgd(_, let m, _) = o, m > 0, m < 1 { momentum = m }
        let step = lr * g.ratio / (1 - momentum)
        let first =
            "sgd at lr \(c(lr)), with \(g.layer)'s gradient \(c(g.ratio))× its weights (std(∇W) / std(W) over the data, before any step\(clipping == nil ? "" : ", after clipping"))\(momentum > 0 ? ", grown 1/(1 − \(c(momentum))) by momentum" : "")"
        let evidence: String
        if step > t.sgdStepHigh {
            evidence =
                "\(first): the first steps change \(g.layer)'s weights by \(c(step))× their size (above \(NumberText.plain(t.sgdStepHigh))×)"
        } else if step < t.sgdStepLow, clipping == nil {
            // (A step that clipping makes small is clipping's doing: clipping_active.)
            evidence =
                "\(first): each step changes \(g.layer)'s weights by \(c(step)) of their size (below \(NumberText.plain(t.sgdStepLow))), so a million steps move them by about \(c(step * 1e6))× their size"
        } else {
            return nil
        }
        // The rate for a first step of a tenth, to a power of ten.
        let suggested = pow(10, log10(lr * 0.1 / step).rounded())
        return Finding(
            kind: .learningRate, layers: [g.layer], evidence: [evidence],
            remedies: [
                .scaleRateToGradients(optimizer: o.name, from: lr, to: suggested, layer: g.layer)
            ])
    }
}
