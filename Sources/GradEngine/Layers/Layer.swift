/// One layer of a network, with its weights and buffers. The forward and
/// backward walks in `Sequential` switch over these cases.
public enum Layer<Scalar: EngineScalar> {
    case dense(Dense<Scalar>)
    case batchNorm(BatchNorm<Scalar>)
    case dropout(Dropout<Scalar>)
    case activation(ActivationLayer<Scalar>)
    case residual(Residual<Scalar>)

    /// Builds a layer from its spec for an input of width `inputs`.
    static func make(_ spec: LayerSpec, inputs: Int, rng: inout RandomGenerator) throws(EngineError)
        -> Layer
    {
        if let problem = spec.problem {
            throw .invalidArgument("\(spec.kind) layer: \(problem)")
        }
        switch spec {
        case .dense(let units, let activation, let weightInit, let biasInit, let bias):
            if let why = weightInit.invalidReason ?? biasInit.invalidReason {
                throw .invalidArgument("dense(\(units)): \(why)")
            }
            try Activation.validate(activation)
            let layer = try Dense<Scalar>(
                inputs: inputs, units: units, activation: activation, bias: bias)
            weightInit.fill(layer.weight.value, fanIn: inputs, fanOut: units, rng: &rng)
            if let b = layer.bias {
                biasInit.fill(b.value, fanIn: inputs, fanOut: units, rng: &rng)
            }
            return .dense(layer)
        case .batchNorm(let momentum, let eps):
            return .batchNorm(try BatchNorm(features: inputs, momentum: momentum, eps: eps))
        case .dropout(let rate):
            return .dropout(try Dropout(rate: rate, width: inputs))
        case .activation(let activation):
            try Activation.validate(activation)
            return .activation(try ActivationLayer(activation: activation, width: inputs))
        case .residual(let specs):
            let block = try Sequential<Scalar>(inputs: inputs, specs: specs, rng: &rng)
            return .residual(try Residual(block: block))
        }
    }

    func forward(_ x: Tensor<Scalar>, mode: ForwardMode, rng: inout RandomGenerator)
        throws(EngineError) -> Tensor<Scalar>
    {
        switch self {
        case .dense(let d): try d.forward(x)
        case .batchNorm(let b):
            try StepProfile.measure("batch norm forward") { () throws(EngineError) in
                try b.forward(x, training: mode.batchStatistics)
            }
        case .dropout(let d): try d.forward(x, training: mode.dropout, rng: &rng)
        case .activation(let a):
            try StepProfile.measure("activation layer forward") { () throws(EngineError) in
                try a.forward(x)
            }
        case .residual(let r): try r.forward(x, mode: mode, rng: &rng)
        }
    }

    func backward(_ dy: Tensor<Scalar>, needsInputGradient: Bool) throws(EngineError) -> Tensor<
        Scalar
    >? {
        switch self {
        case .dense(let d): try d.backward(dy, needsInputGradient: needsInputGradient)
        case .batchNorm(let b):
            try StepProfile.measure("batch norm backward") { () throws(EngineError) in
                try b.backward(dy, needsInputGradient: needsInputGradient)
            }
        case .dropout(let d): needsInputGradient ? try d.backward(dy) : nil
        case .activation(let a):
            try StepProfile.measure("activation layer backward") { () throws(EngineError) in
                needsInputGradient ? try a.backward(dy) : nil
            }
        case .residual(let r): try r.backward(dy)
        }
    }

    /// The layer's class, for the facts each kind states about itself.
    var module: any LayerModule<Scalar> {
        switch self {
        case .dense(let d): d
        case .batchNorm(let b): b
        case .dropout(let d): d
        case .activation(let a): a
        case .residual(let r): r
        }
    }

    /// The layer's kind.
    public var kind: LayerKind { module.kind }

    /// The number of trainable scalars in this layer (a residual block counts its inner layers).
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.value.count } }

    /// The width of this layer's output.
    public var outputWidth: Int { module.outputWidth }

    /// The trainable parameters, weights before biases, those of nested layers included.
    var parameters: [Parameter<Scalar>] {
        module.ownParameters + (module.nested?.layers.flatMap(\.parameters) ?? [])
    }

    /// The parameters this layer holds itself (none for a residual block).
    var ownParameters: [Parameter<Scalar>] { module.ownParameters }
}

extension Activation {
    /// Throws when a parametrized activation's parameter is unusable.
    static func validate(_ a: Activation) throws(EngineError) {
        for p in a.parameters where !p.value.isFinite {
            throw .invalidArgument("\(a.name) \(p.name) must be a finite number (got \(p.value))")
        }
    }
}
