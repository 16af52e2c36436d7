/// What each layer class says about itself: the facts the network, its
/// statistics and its tables read, so that none of them switches over kinds.
///
/// Like a torch `nn.Module`, one object per layer. The forward and backward
/// walks still switch over `Layer` (see `Layer.forward`): there the concrete
/// type keeps each kind's kernels direct calls.
protocol LayerModule<Scalar>: AnyObject {
    associatedtype Scalar: EngineScalar
    /// The layer's kind.
    var kind: LayerKind { get }
    /// The width of the layer's output.
    var outputWidth: Int { get }
    /// The parameters the layer holds itself, weights before biases (a
    /// residual block holds none: its inner layers hold theirs).
    var ownParameters: [Parameter<Scalar>] { get }
    /// The weight-like parameter a gradient table shows (a dense W, a batch
    /// norm's γ), if any.
    var mainParameter: Parameter<Scalar>? { get }
    /// The output of the last forward pass, if the layer made one of its own.
    var producedOutput: Tensor<Scalar>? { get }
    /// The activation applied to the output, for saturation and dead-unit statistics.
    var outputActivation: Activation? { get }
    /// The layers nested inside this one (a residual block's), if any.
    var nested: Sequential<Scalar>? { get }
}
