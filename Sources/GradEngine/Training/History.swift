/// The record of a training run: per-epoch summaries and compact per-step series.
public struct History: Sendable {
    /// One epoch's means.
    public struct Epoch: Sendable {
        public var epoch: Int
        public var loss: Double
        public var dataLoss: Double
        public var penaltyLoss: Double
        /// Training accuracy over the epoch's batches (classification only).
        public var accuracy: Double?
        public var validationLoss: Double?
        public var validationAccuracy: Double?
        /// Steps whose gradients clipping changed.
        public var clippedSteps: Int
        public var steps: Int
        public var seconds: Double
    }

    /// How the run ended.
    public enum Ending: Sendable, Equatable {
        case completed
        case cancelled
        case nonFinite(NonFiniteReport)
    }

    /// Names of the layers the per-step layer series refer to (layers with a main parameter).
    public var layerNames: [String]
    public var epochs: [Epoch] = []
    /// Per step: total loss, data loss, global pre-clip gradient norm, whether clipping fired.
    public var stepLoss: [Double] = []
    public var stepDataLoss: [Double] = []
    public var stepGradientNorm: [Double] = []
    public var stepClipped: [Bool] = []
    /// Per step: the share of the batch's decisions that were right (NaN when
    /// the loss measures no accuracy).
    public var stepAccuracy: [Double] = []
    /// Per step and layer (row-major: step × layer): ‖∇W‖₂, grad:data and update:data ratios.
    /// Empty when statistics were off.
    public var layerGradientNorms: [Float] = []
    public var layerGradToData: [Float] = []
    public var layerUpdateToData: [Float] = []
    /// The last step's full record.
    public var lastStep: StepRecord?
    public var ending: Ending = .completed
    /// The network's architecture and the run's settings, for diagnosis and comparison.
    public var profile: RunProfile?
    /// What the checks before training found when the run started
    /// (`Diagnosis.program`); `Diagnosis.run` reports them with the rest.
    public var programFindings: [Finding] = []
    /// What the divergence check announced during the run (`DivergenceCheck`),
    /// if anything: it reads the loss's curvature at the time, which the
    /// per-step series cannot give back, so `Diagnosis.run` reports it from here.
    public var divergenceRisk: Finding?

    public init(layerNames: [String]) { self.layerNames = layerNames }

    /// The number of steps recorded.
    public var steps: Int { stepLoss.count }

    /// Appends a step of `network` that `Trainer.step` made (for callers that
    /// drive steps themselves and want a history, as the benchmark does).
    public mutating func record<S>(_ r: StepRecord, of network: Network<S>) {
        if recordedLayerIndices == nil {
            recordedLayerIndices = network.namedLayers.indices.filter {
                network.namedLayers[$0].mainParameter != nil
            }
        }
        record(r, mainLayerIndices: recordedLayerIndices ?? [])
    }

    /// The main-layer indices `record(_:of:)` found on its first call.
    private var recordedLayerIndices: [Int]?

    mutating func record(_ r: StepRecord, mainLayerIndices: [Int]) {
        stepLoss.append(r.loss)
        stepDataLoss.append(r.dataLoss)
        stepGradientNorm.append(r.gradientNorm)
        stepClipped.append(r.clipped)
        stepAccuracy.append(r.accuracy ?? .nan)
        if !r.layers.isEmpty {
            for i in mainLayerIndices {
                let s = r.layers[i]
                layerGradientNorms.append(Float(s.gradient?.norm ?? .nan))
                layerGradToData.append(Float(s.gradToData ?? .nan))
                layerUpdateToData.append(Float(s.updateToData ?? .nan))
            }
        }
        lastStep = r
    }
}
