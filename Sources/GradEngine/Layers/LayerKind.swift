/// The kinds of layer a network can hold, spelled as model files spell them.
///
/// `LayerSpec.kind` and `Layer.kind` name a layer's kind; model files read and
/// write these names, so a file written today names the same kinds tomorrow.
public enum LayerKind: String, CaseIterable, Sendable {
    case dense
    case batchNorm = "batchnorm"
    case dropout
    case activation
    case residual
}
