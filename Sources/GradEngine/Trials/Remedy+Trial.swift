/// How a remedy is tried on a run: the changes that make it, or why it is not
/// tried.
public enum RemedyTrial: Sendable, Equatable {
    /// One change per alternative the remedy offers, in its order.
    case changes([RunChange])
    case untried(UntriedReason)
}

/// Why a remedy the diagnosis suggests is not run.
public enum UntriedReason: Sendable, Equatable {
    /// It is advice (look at the other findings), not a change to make.
    case advice
    /// It changes the data or the loss, so its loss would not compare with
    /// the original's.
    case changesDataOrLoss
    /// It does not apply to this network (no pair of layers a residual block
    /// can wrap, a learning rate that is not known).
    case notApplicable
}

extension Remedy {
    /// This remedy as changes of a run of a network of `inputs` inputs and
    /// layers `specs`. Every case states how it is tried (no `default:`), so
    /// a new remedy must say.
    func trial(specs: [LayerSpec], inputs: Int) -> RemedyTrial {
        let same = LayerSpecEditing.sameDense(specs)
        func layers(_ names: [String], _ edit: (LayerSpec) -> LayerSpec) -> RemedyTrial {
            let edited = LayerSpecEditing.mapDense(specs, names: Set(names), edit)
            return edited == specs
                ? .untried(.notApplicable) : .changes([RunChange(specs: edited, denseOrigin: same)])
        }
        func rate(_ change: LearningRateChange) -> RemedyTrial {
            guard let to = change.to else { return .untried(.notApplicable) }
            return .changes([RunChange(optimizer: .learningRate(to))])
        }
        func architecture(_ edited: [LayerSpec]?, origin: [Int?]? = nil) -> RemedyTrial {
            guard let edited else { return .untried(.notApplicable) }
            return .changes([RunChange(specs: edited, denseOrigin: origin ?? same)])
        }
        switch self {
        case .switchToReLU(let group, _, _, let activation, let initScheme):
            return layers(group.names) { $0.with(activation: activation, weightInit: initScheme) }
        case .matchInit(let group, _, _, let initScheme):
            return layers(group.names) { $0.with(weightInit: initScheme) }
        case .breakSymmetry(let group, _, let initScheme):
            return layers(group.names) { $0.with(weightInit: initScheme) }
        case .restartBiases(let group, _, let initScheme):
            return layers(group.names) { $0.with(biasInit: initScheme) }
        case .keepNegativeGradient(let group, _, let alternatives):
            guard let first = alternatives.first else { return .untried(.notApplicable) }
            return layers(group.names) { $0.with(activation: first) }
        case .addBatchNorm:
            return architecture(LayerSpecEditing.addingBatchNorm(specs))
        case .addResidualBlocks:
            return architecture(LayerSpecEditing.addingResidualBlocks(specs, inputs: inputs))
        case .useFewerLayers(_, let suggested):
            guard let kept = LayerSpecEditing.keepingHiddenLayers(specs, keep: suggested.lowerBound)
            else { return .untried(.notApplicable) }
            return architecture(kept.specs, origin: kept.origin)
        case .standardizeInputs:
            return architecture([.batchNorm()] + specs)
        case .useLinearOutput(let layer, _, let separate, _, let expected):
            switch expected {
            case .logits, .values:
                return architecture(
                    LayerSpecEditing.removingOutputActivation(
                        specs, layer: layer, separateLayer: separate))
            case .probabilities:
                return .untried(.changesDataOrLoss)
            }
        case .clipByNorm(let threshold), .clipByNormInsteadOfValue(let threshold, _):
            return .changes([RunChange(clipping: .norm(threshold))])
        case .lowerLearningRate(let change), .raiseLearningRate(let change):
            return rate(change)
        case .raiseLearningRateOrUseAdam(let change, let adam):
            var out = [RunChange(optimizer: .adam(lr: adam))]
            if let to = change.to { out.append(RunChange(optimizer: .learningRate(to))) }
            return .changes(out)
        case .useUsualLearningRate(_, _, let to), .scaleRateToGradients(_, _, let to, _):
            return .changes([RunChange(optimizer: .learningRate(to))])
        case .addL2(let strength):
            return .changes([RunChange(l2: strength)])
        case .lookAtOtherFindings, .makeClippingASafetyNet:
            return .untried(.advice)
        case .oneOutputPerClass, .replaceOneUnitSoftmax, .independentOutputs, .standardizeTargets,
            .rescaleTargets:
            return .untried(.changesDataOrLoss)
        }
    }
}

extension LayerSpec {
    /// A dense layer with some of its settings replaced; any other layer unchanged.
    func with(
        activation: Activation? = nil, weightInit: InitScheme? = nil, biasInit: InitScheme? = nil
    ) -> LayerSpec {
        guard case .dense(let units, let a, let w, let b, let bias) = self else { return self }
        return .dense(
            units: units, activation: activation ?? a, weightInit: weightInit ?? w,
            biasInit: biasInit ?? b, bias: bias)
    }
}
