import GradEngine

/// The words of `try_remedies`: each remedy's short name (the change as the
/// diagnosis names it), each verdict, and why a remedy was not tried.
extension DiagnosisText {
    /// A remedy as a table row names it: the change, in `.grad` terms.
    /// `alternative` picks among the alternatives a remedy offers.
    static func remedyName(_ r: Remedy, alternative: Int = 0) -> String {
        let c = NumberText.compact
        func rate(_ change: LearningRateChange) -> String {
            guard let from = change.from, let to = change.to else {
                return "lr ×\(formatNumber(change.factor))"
            }
            return "lr \(c(from)) → \(c(to))"
        }
        switch r {
        case .switchToReLU(_, _, _, let a, let s):
            return "\(activationText(a)) with \(initSchemeText(s))"
        case .matchInit(_, _, _, let s), .breakSymmetry(_, _, let s):
            return "init: \(initSchemeText(s))"
        case .addBatchNorm:
            return "batchnorm() in each hidden layer"
        case .addResidualBlocks:
            return "residual { } blocks"
        case .useFewerLayers(let hidden, let suggested):
            return "\(suggested.lowerBound) hidden layers, not \(hidden)"
        case .clipByNorm(let t), .clipByNormInsteadOfValue(let t, _):
            return "clip_norm: \(t)"
        case .lowerLearningRate(let change), .raiseLearningRate(let change):
            return rate(change)
        case .raiseLearningRateOrUseAdam(let change, let adam):
            return alternative == 0 ? "adam(lr: \(c(adam)))" : rate(change)
        case .addL2(let strength):
            return "l2: \(c(strength))"
        case .restartBiases(_, _, let s):
            return "bias_init: \(initSchemeText(s))"
        case .keepNegativeGradient(_, _, let alternatives):
            return alternatives.first.map(activationText) ?? "leaky_relu"
        case .lookAtOtherFindings:
            return "look at the other findings"
        case .makeClippingASafetyNet:
            return "clipping as a safety net"
        case .useLinearOutput(let layer, let a, _, _, _):
            return "no \(activationText(a)) on \(layer)"
        case .oneOutputPerClass(let k):
            return "one output per class (\(k))"
        case .replaceOneUnitSoftmax, .independentOutputs:
            return "sigmoid outputs"
        case .standardizeInputs:
            return "batchnorm() first"
        case .standardizeTargets:
            return "standardized targets"
        case .rescaleTargets(_, _, _, let alternative):
            return "targets rescaled, or \(alternative)"
        case .useUsualLearningRate(let optimizer, _, let to),
            .scaleRateToGradients(let optimizer, _, let to, _):
            return "\(optimizer)(lr: \(c(to)))"
        }
    }

    /// A verdict as the table's last column says it, marked ✓ when the
    /// remedy beats the original and ✗ when it is worse.
    static func verdict(_ v: TrialVerdict) -> String {
        switch v {
        case .original: return "—"
        case .fixes(let k, let n): return "✓ fixes it: \(k) of \(n) seeds"
        case .better(let remaining) where remaining.isEmpty: return "✓ better"
        case .better(let remaining):
            return "✓ better, \(remaining.map(\.rawValue).joined(separator: ", ")) remains"
        case .mixed: return "mixed: lower loss, lower accuracy"
        case .divergesLess(let k, let o, let n):
            return "diverged on \(k) of \(n) seeds, the original on \(o); loss not lower"
        case .noMeasurableEffect: return "no measurable effect"
        case .worse: return "✗ worse"
        case .notJudged: return "not finished"
        case .couldNotRun: return "could not run"
        }
    }

    /// Why a remedy was not tried, after its name.
    static func untried(_ reason: UntriedReason) -> String {
        switch reason {
        case .advice: "advice, not a change"
        case .changesDataOrLoss: "it changes the data or the loss, so the losses would not compare"
        case .notApplicable: "it does not apply to this network"
        }
    }
}
