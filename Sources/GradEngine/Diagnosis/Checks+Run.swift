/// The findings about the run as a whole: plateau, unstable updates, clipping
/// always active, and the evidence of a healthy run.
extension Checks {
    func plateau() -> Finding? {
        guard let h = history, h.steps >= 50, let baseline = profile.baselineLoss, baseline > 0
        else { return nil }
        if case .nonFinite = h.ending { return nil }
        let w = max(1, h.steps / 4)
        let losses = h.stepDataLoss
        guard let late = mean(Array(losses.suffix(w))),
            let middle = mean(Array(losses[(h.steps / 2 - w / 2)..<(h.steps / 2 - w / 2 + w)])),
            late.isFinite, middle.isFinite
        else { return nil }
        guard late >= t.plateau * baseline, middle - late < 0.1 * middle else { return nil }
        let evidence = [
            "the loss stayed at \(c(late)) over the last \(w) steps, \(c(late / baseline)) × the \(c(baseline)) of always predicting the training \(profile.loss?.baselinePrediction ?? "class frequencies") (above \(NumberText.plain(t.plateau)))",
            "it fell \(NumberText.percent(max(0, (middle - late) / middle))) over the second half of the run",
        ]
        return Finding(kind: .plateau, evidence: evidence, remedies: remedies.plateau())
    }

    /// Updates far from ~1e-3 of the weights over most recent steps. Too-small
    /// updates that dead units or vanishing gradients explain are left to those findings.
    func unstableUpdates(lowExplained: Bool) -> Finding? {
        guard let h = history, h.steps >= 8, let series = RecentSeries(h),
            !h.layerUpdateToData.isEmpty
        else { return nil }
        // Dense weights only: a batch norm γ starts with every value 1, so its
        // spread, the ratio's denominator, is near 0 and the ratio meaningless.
        let denseNames = Set(profile.dense.map(\.name))
        let denseColumns = h.layerNames.indices.filter { denseNames.contains(h.layerNames[$0]) }
        var high = 0
        var low = 0
        var largest: [Double] = []
        for s in series.rows {
            let row = series.row(\.layerUpdateToData, s)
            let ratios = denseColumns.compactMap { $0 < row.count ? row[$0] : nil }.filter(
                \.isFinite)
            guard let m = ratios.max() else { continue }
            largest.append(m)
            if m > t.updateHigh { high += 1 } else if m < t.updateLow { low += 1 }
        }
        let n = series.rows.count
        guard let med = median(largest) else { return nil }
        if high * 2 > n {
            return Finding(
                kind: .unstableUpdates,
                evidence: [
                    "the largest layer update:data was above \(NumberText.plain(t.updateHigh)) in \(high) of the last \(n) steps (median \(c(med)); ~1e-3 is healthy)"
                ], remedies: remedies.lowerLearningRate())
        }
        if low * 2 > n && !lowExplained {
            return Finding(
                kind: .unstableUpdates,
                evidence: [
                    "even the largest layer update:data was below \(NumberText.plain(t.updateLow)) in \(low) of the last \(n) steps (median \(c(med)); ~1e-3 is healthy)"
                ], remedies: remedies.raiseLearningRate())
        }
        return nil
    }

    func clippingActive() -> Finding? {
        // The second half of the run: early steps often clip while the loss is large.
        guard let h = history, profile.clipping != nil, h.steps >= 64 else { return nil }
        let recent = h.stepClipped[(h.steps / 2)...]
        let fired = recent.filter { $0 }.count
        guard Double(fired) > t.clipping * Double(recent.count) else { return nil }
        return Finding(
            kind: .clippingActive,
            evidence: [
                "clipping fired on \(fired) of the last \(recent.count) steps (above \(NumberText.percent(t.clipping)))"
            ], clipping: ClippingTelemetry(h, clipping: profile.clipping),
            remedies: remedies.clippingActive())
    }

    func healthyEvidence() -> [String] {
        var lines: [String] = []
        if let top = dense.max(by: { $0.norm < $1.norm }),
            let low = dense.min(by: { $0.norm < $1.norm }), top.norm > 0
        {
            lines.append(
                "‖∇W‖ from \(c(low.norm)) (\(low.name)) to \(c(top.norm)) (\(top.name)): within ×\(c(top.norm / max(low.norm, .leastNonzeroMagnitude))) across \(dense.count) layers"
            )
        }
        if let h = history, let first = h.stepDataLoss.first, let last = h.stepDataLoss.last {
            lines.append("the loss went from \(c(first)) to \(c(last)) in \(h.steps) steps")
        }
        return lines
    }
}
