/// `poor_init`: units that start the same and can never become different, and
/// weights whose scale is far from what their activation needs.
extension ProgramChecks {
    func poorInit() -> Finding? {
        var evidence: [String] = []
        var remedies: [Remedy] = []
        var layers: [String] = []
        let all = sites.map(\.name)

        let stuck = sites.indices.filter { symmetryReason($0) != nil }
        for group in grouped(stuck) {
            let first = sites[group[0]]
            let names = group.map { sites[$0].name }
            let reason = symmetryReason(group[0]) ?? ""
            evidence.append(
                "\(LayerGroup(names, within: all).phrase): every unit starts with the same weights (\(first.weightInit.name)), \(reason)"
            )
            remedies.append(
                .breakSymmetry(
                    layers: LayerGroup(names, within: all), initScheme: first.weightInit,
                    suggestedInit: first.activation.matchedInit))
            layers += names
        }

        let scaled = sites.indices.compactMap { i in scaleMismatch(i).map { (i, $0) } }
        for group in grouped(scaled.map(\.0)) {
            let names = group.map { sites[$0].name }
            let first = sites[group[0]]
            // The group's worst layer speaks for it.
            guard
                let worst = scaled.filter({ group.contains($0.0) }).max(by: {
                    $0.1.factor < $1.1.factor
                })
            else { continue }
            let m = worst.1
            let needs =
                m.needed.lowerBound == m.needed.upperBound
                ? c(m.needed.lowerBound) : "\(c(m.needed.lowerBound))–\(c(m.needed.upperBound))"
            let share = m.tooLarge ? "\(c(m.factor))×" : "1/\(c(m.factor)) of"
            evidence.append(
                "\(LayerGroup(names, within: all).phrase) (\(first.activation.name), \(first.weightInit.name)): weights of RMS \(c(m.rms)) where \(first.activation.name) needs \(needs) at \(sites[worst.0].fanIn) inputs and \(sites[worst.0].units) units: \(share) the variance it needs (beyond ×\(NumberText.plain(m.tooLarge ? t.initLarge : t.initSmall)))"
            )
            if first.weightInit != first.activation.matchedInit {
                remedies.append(
                    .matchInit(
                        layers: LayerGroup(names, within: all), activation: first.activation,
                        initScheme: first.weightInit, suggestedInit: first.activation.matchedInit))
            }
            layers += names.filter { !layers.contains($0) }
        }
        guard !evidence.isEmpty else { return nil }
        let order = Dictionary(uniqueKeysWithValues: all.enumerated().map { ($1, $0) })
        return Finding(
            kind: .poorInit, layers: layers.sorted { (order[$0] ?? 0) < (order[$1] ?? 0) },
            evidence: evidence, remedies: remedies)
    }

    /// Site indices grouped by activation and init, in depth order.
    private func grouped(_ indices: [Int]) -> [[Int]] {
        var groups: [[Int]] = []
        for i in indices {
            if let g = groups.firstIndex(where: {
                sites[$0[0]].activation == sites[i].activation
                    && sites[$0[0]].weightInit == sites[i].weightInit
            }) {
                groups[g].append(i)
            } else {
                groups.append([i])
            }
        }
        return groups
    }

    /// Why the units of site `i`, which all start the same, can never become
    /// different; nil when they can (or do not start the same).
    ///
    /// Identical units get identical gradients, and stay identical, when the
    /// layer that reads them weighs them all alike (its weights are constant
    /// along each row). They also never move when every weight is 0 and the
    /// activation passes no gradient at the bias (ReLU at a bias ≤ 0). The
    /// output layer's units are told apart by the targets, and a residual
    /// branch's last layer's by the skip path (a zero init there is on
    /// purpose: the block starts as the identity).
    func symmetryReason(_ i: Int) -> String? {
        let site = sites[i]
        guard site.units > 1, Self.unitsAreIdentical(site) else { return nil }
        let w = site.weight.value
        let allZero = (0..<w.count).allSatisfy { w.base[$0] == 0 }
        let biasAtMostZero =
            site.bias.map { b in (0..<b.value.count).allSatisfy { b.value.base[$0] <= 0 } } ?? true
        if allZero && biasAtMostZero && site.activation.canDie {
            return
                "all 0: each unit outputs 0 for every input, where \(site.activation.name) passes no gradient, so none ever learns"
        }
        if case .dense(let j) = site.reader, Self.rowsAreConstant(sites[j].weight.value) {
            return
                "and the layer that reads them weighs them all alike: they get the same gradient every step and stay copies of one unit"
        }
        return nil
    }

    /// Whether every unit (row of W) has the same weights and the same bias.
    static func unitsAreIdentical(_ site: DenseSite<Scalar>) -> Bool {
        let w = site.weight.value
        for r in 1..<max(w.rows, 1) {
            for c in 0..<w.columns where w.base[r * w.columns + c] != w.base[c] {
                return false
            }
        }
        if let b = site.bias?.value {
            for k in 1..<max(b.count, 1) where b.base[k] != b.base[0] { return false }
        }
        return true
    }

    /// Whether each row of `w` holds one value (a reader that weighs its inputs alike).
    static func rowsAreConstant(_ w: Tensor<Scalar>) -> Bool {
        for r in 0..<w.rows {
            let row = w.base + r * w.columns
            for c in 1..<max(w.columns, 1) where row[c] != row[0] { return false }
        }
        return true
    }

    /// How far site `i`'s weights are from the scale its activation needs, when
    /// beyond `initLarge` or `initSmall`: their root mean square, the range the activation needs,
    /// the factor between the variances and its direction.
    ///
    /// Judged only on weights still at their init (their mean square within ×4
    /// of what their scheme draws: a trained layer may grow on purpose), not
    /// on constant layers (the symmetry check's), and not on layers a batch
    /// norm follows (it rescales their output whatever their scale).
    func scaleMismatch(_ i: Int) -> (
        rms: Double, needed: ClosedRange<Double>, factor: Double, tooLarge: Bool
    )? {
        let site = sites[i]
        guard !site.normalized, site.weight.value.count > 1 else { return nil }
        let summary = site.weight.value.summary()
        guard summary.std > 0 else { return nil }
        let meanSquare = summary.sumOfSquares / Double(summary.count)
        let drawn = site.weightInit.meanSquare(fanIn: site.fanIn, fanOut: site.units)
        guard drawn > 0, meanSquare <= 4 * drawn, meanSquare * 4 >= drawn else { return nil }
        let (fi, fo) = (Double(site.fanIn), Double(site.units))
        let gain = site.activation.initGainSquared
        let low = gain.lowerBound / max(fi, fo)
        let high = gain.upperBound / min(fi, fo)
        let needed = low.squareRoot()...high.squareRoot()
        if meanSquare > high * t.initLarge {
            return (meanSquare.squareRoot(), needed, meanSquare / high, true)
        }
        if meanSquare * t.initSmall < low {
            return (meanSquare.squareRoot(), needed, low / meanSquare, false)
        }
        return nil
    }
}
