/// Batch normalization over features (torch.nn.BatchNorm1d on N × C input).
///
/// Training: per feature, μ and σ² (biased) over the batch, x̂ = (x − μ)/√(σ² + ε),
/// y = γ·x̂ + β; the running statistics move by `momentum` toward μ and the
/// unbiased σ²·N/(N−1). Evaluation: the running statistics replace μ and σ².
/// Backward (training): dx = γ/(N·√(σ²+ε)) · (N·dy − Σdy − x̂·Σ(dy·x̂)).
public final class BatchNorm<Scalar: EngineScalar> {
    public let features: Int
    public let momentum: Double
    public let eps: Double
    public let gamma: Parameter<Scalar>
    public let beta: Parameter<Scalar>
    public let runningMean: Tensor<Scalar>
    public let runningVar: Tensor<Scalar>

    // Per-batch values kept for backward and for committing the running statistics.
    let batchMean: Tensor<Scalar>
    let batchVar: Tensor<Scalar>
    let inverseStd: Tensor<Scalar>
    let normalized: Tensor<Scalar>
    let output: Tensor<Scalar>
    private let gradInput: Tensor<Scalar>
    private var trainedLastPass = false
    private var pendingCount = 0

    init(features: Int, momentum: Double, eps: Double) throws(EngineError) {
        self.features = features
        self.momentum = momentum
        self.eps = eps
        gamma = try Parameter(role: .gamma, rows: 1, columns: features)
        gamma.value.fill(1)
        beta = try Parameter(role: .beta, rows: 1, columns: features)
        runningMean = try Tensor(rows: 1, columns: features)
        runningVar = try Tensor(rows: 1, columns: features)
        runningVar.fill(1)
        batchMean = try Tensor(rows: 1, columns: features)
        batchVar = try Tensor(rows: 1, columns: features)
        inverseStd = try Tensor(rows: 1, columns: features)
        normalized = try Tensor(rows: 0, columns: features)
        output = try Tensor(rows: 0, columns: features)
        gradInput = try Tensor(rows: 0, columns: features)
    }

    func forward(_ x: Tensor<Scalar>, training: Bool) throws(EngineError) -> Tensor<Scalar> {
        if training && x.rows < 2 {
            throw .invalidData(
                "batchnorm needs more than 1 sample per batch while training (got \(x.rows)), as in PyTorch"
            )
        }
        try normalized.resize(rows: x.rows)
        try output.resize(rows: x.rows)
        trainedLastPass = training
        if training {
            x.columnMeanAndVariance(mean: batchMean, variance: batchVar)
            Tensor.inverseStandardDeviation(variance: batchVar, eps: Scalar(eps), into: inverseStd)
            pendingCount = x.rows
        } else {
            Tensor.inverseStandardDeviation(
                variance: runningVar, eps: Scalar(eps), into: inverseStd)
        }
        x.batchNormalize(
            mean: training ? batchMean : runningMean, inverseStd: inverseStd,
            gamma: gamma.value, beta: beta.value,
            normalized: normalized, output: output)
        return output
    }

    /// Moves the running statistics toward the last training batch's. Called by
    /// the trainer once the step is known to be finite.
    func commitRunningStatistics() {
        guard trainedLastPass, pendingCount > 1 else { return }
        let n = Scalar(pendingCount)
        Tensor.updateRunningStatistics(
            runningMean: runningMean, runningVar: runningVar, batchMean: batchMean,
            batchVar: batchVar, momentum: Scalar(momentum), unbiasing: n / (n - 1))
        pendingCount = 0
    }

    func backward(_ dy: Tensor<Scalar>, needsInputGradient: Bool) throws(EngineError) -> Tensor<
        Scalar
    >? {
        dy.batchNormParameterGradients(
            normalized: normalized, gradGamma: gamma.grad, gradBeta: beta.grad)
        guard needsInputGradient else { return nil }
        try gradInput.resize(rows: dy.rows)
        if trainedLastPass {
            dy.batchNormInputGradient(
                normalized: normalized, inverseStd: inverseStd, gamma: gamma.value,
                gradGamma: gamma.grad, gradBeta: beta.grad, into: gradInput)
        } else {
            dy.scaleColumns(inverseStd: inverseStd, gamma: gamma.value, into: gradInput)
        }
        return gradInput
    }
}

extension BatchNorm: LayerModule {
    var kind: LayerKind { .batchNorm }
    var outputWidth: Int { features }
    var ownParameters: [Parameter<Scalar>] { [gamma, beta] }
    var mainParameter: Parameter<Scalar>? { gamma }
    var producedOutput: Tensor<Scalar>? { output }
    var outputActivation: Activation? { nil }
    var nested: Sequential<Scalar>? { nil }
}
