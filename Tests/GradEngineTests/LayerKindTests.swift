import XCTest

@testable import GradEngine

/// Every layer kind and every activation is known everywhere it must be.
///
/// The switches below list every case without `default:`, so a new layer kind
/// or activation does not compile until it is added here, and the tests then
/// check it is built, named, saved and loaded like the others.
final class LayerKindTests: XCTestCase {
    /// A spec of each kind, on an input of width 4.
    func spec(_ kind: LayerKind) -> LayerSpec {
        switch kind {
        case .dense: .dense(units: 4, activation: .tanh)
        case .batchNorm: .batchNorm()
        case .dropout: .dropout(rate: 0.5)
        case .activation: .activation(.relu)
        case .residual: .residual([.dense(units: 4, activation: .relu)])
        }
    }

    func testEveryLayerKindBuildsAndRoundTripsThroughAModelFile() throws {
        XCTAssertEqual(LayerKind.allCases.map(\.rawValue), ModelFile.kinds)
        for kind in LayerKind.allCases {
            let spec = spec(kind)
            XCTAssertEqual(spec.layerKind, kind)
            var rng = RandomGenerator(seed: 1)
            let net = try Network<Float>(
                inputs: 4, layers: [spec, .dense(units: 2)], rng: &rng)
            let first = try XCTUnwrap(net.namedLayers.first)
            XCTAssertEqual(first.layer.kind, kind)
            XCTAssertEqual(first.name, "\(spec.kind)_1")
            XCTAssertEqual(first.layer.outputWidth, 4)
            let text = try net.modelFileJSON(includeGradients: true)
            XCTAssertTrue(text.contains("\"kind\": \"\(kind.rawValue)\""), "\(kind)")
            let loaded = try Network<Float>.decode(bytes: Array(text.utf8), source: "t.json")
            XCTAssertEqual(loaded.specs.first?.layerKind, kind)
            XCTAssertEqual(try loaded.modelFileJSON(includeGradients: true), text, "\(kind)")
        }
    }

    func testEveryActivationHasADefaultAndParametersThatRoundTrip() {
        var seen = Set<String>()
        for a in Activation.allDefaults {
            switch a {
            case .identity, .relu, .leakyReLU, .elu, .gelu, .selu, .sigmoid, .tanh, .softplus,
                .exponential, .softsign, .hardSigmoid, .silu, .softmax:
                seen.insert(a.name)
            }
            XCTAssertEqual(Activation.named(a.name), a)
            let values = Dictionary(uniqueKeysWithValues: a.parameters.map { ($0.name, 0.25) })
            XCTAssertEqual(
                a.with(parameters: values).parameters.map(\.value), a.parameters.map { _ in 0.25 })
        }
        // One name per case of the switch above.
        XCTAssertEqual(seen.count, 14, "Activation.allDefaults lacks an activation")
    }
}
