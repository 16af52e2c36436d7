/// A remedy made into a change of one run, ready to try.
public struct RemedyCandidate: Sendable, Equatable {
    /// The remedy as the diagnosis suggests it.
    public var remedy: Remedy
    /// Which of the remedy's alternatives this is: 0 for the first
    /// (`raiseLearningRateOrUseAdam` offers Adam, then the higher rate).
    public var alternative: Int
    /// The findings that suggested it, in the report's order; empty for a
    /// change tried on a run where nothing was found.
    public var findings: [Finding.Kind]
    public var change: RunChange
}

/// Which remedies `RemedyTrials` tries on a run, in the order the diagnosis
/// ranks them, and which it does not try and why.
public struct RemedyChoice: Sendable {
    public var candidates: [RemedyCandidate]
    /// The suggested remedies left out for a reason other than being advice.
    public var untried: [(remedy: Remedy, reason: UntriedReason)]
    /// Whether no problem was found, so that the candidates are the remedies
    /// of what was measured and changes that suit any network.
    public var general: Bool

    /// The first `top` remedies of `report`'s findings (each finding's in its
    /// order, findings in the report's order) that can be tried as a change
    /// of a run of `setup`'s network, each change once. On a run with no
    /// problem, the remedies of the findings it measured but did not count,
    /// then clipping by norm, a lower learning rate and batch norm.
    public static func choose<S>(
        _ report: DiagnosisReport, profile: RunProfile, setup: RunSetup<S>, top: Int
    ) -> RemedyChoice {
        let problems = report.findings.filter { $0.kind != .healthy }
        var suggested: [(Remedy, Finding.Kind?)] = problems.flatMap { f in
            f.remedies.map { ($0, f.kind) }
        }
        let general = problems.isEmpty
        if general {
            for case .finding(let f, _) in report.observations {
                suggested += f.remedies.map { ($0, nil) }
            }
            suggested += Remedies(profile: profile).general().map { ($0, nil) }
        }
        var out = RemedyChoice(candidates: [], untried: [], general: general)
        for (remedy, finding) in suggested {
            switch remedy.trial(specs: setup.start.specs, inputs: setup.start.inputs) {
            case .untried(.advice):
                continue
            case .untried(let reason):
                if !out.untried.contains(where: { $0.remedy == remedy }) {
                    out.untried.append((remedy, reason))
                }
            case .changes(let changes):
                for (k, change) in changes.enumerated() {
                    if let i = out.candidates.firstIndex(where: { $0.change == change }) {
                        if let finding, !out.candidates[i].findings.contains(finding) {
                            out.candidates[i].findings.append(finding)
                        }
                    } else if out.candidates.count < top {
                        out.candidates.append(
                            RemedyCandidate(
                                remedy: remedy, alternative: k,
                                findings: finding.map { [$0] } ?? [], change: change))
                    }
                }
            }
        }
        return out
    }
}
