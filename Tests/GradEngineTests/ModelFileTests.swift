import Foundation
import XCTest

@testable import GradEngine

final class ModelFileTests: XCTestCase {
    private var directory = ""

    override func setUpWithError() throws {
        directory =
            FileManager.default.temporaryDirectory
            .appendingPathComponent("gradlab-modelfile-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func entries(_ dir: String? = nil) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir ?? directory).sorted()
    }

    private func contents(_ path: String) throws -> String {
        String(decoding: try AtomicFile.read(path), as: UTF8.self)
    }

    // MARK: Fixtures

    /// Every layer kind: dense with several activations (leaky_relu slope 0.2),
    /// batch norm with non-default statistics, dropout, a residual block, stand-alone
    /// activations (one parametrized), and bias-free dense layers.
    private func makeNetwork<S: EngineScalar>(_: S.Type = Float.self) throws -> Network<S> {
        var rng = RandomGenerator(seed: 42)
        let net = try Network<S>(
            inputs: 4,
            layers: [
                .dense(
                    units: 8, activation: .leakyReLU(slope: 0.2), weightInit: .heNormal,
                    biasInit: .normal(mean: 0, std: 0.5)),
                .batchNorm(momentum: 0.2, eps: 1e-3),
                .dropout(rate: 0.1),
                .residual([
                    .dense(
                        units: 6, activation: .tanh, weightInit: .xavierNormal(gain: 1),
                        biasInit: .uniform(low: -1, high: 1)),
                    .dense(units: 8, activation: .gelu, weightInit: .lecunNormal, bias: false),
                ]),
                .activation(.elu(alpha: 0.5)),
                .dense(
                    units: 5, activation: .selu, weightInit: .orthogonal(gain: 1.3),
                    biasInit: .constant(0.1)),
                .activation(.tanh),
                .dense(units: 3, activation: .sigmoid, weightInit: .heUniform, bias: false),
                .dense(units: 2, activation: .softplus, biasInit: .constant(-0.25)),
            ], rng: &rng)
        for named in net.namedLayers {
            if case .batchNorm(let b) = named.layer {
                b.runningMean.fill { rng.normal(std: 0.7) }
                b.runningVar.fill { 0.2 + rng.uniform() * 3 }
                b.gamma.value.fill { 1 + rng.normal(std: 0.3) }
                b.beta.value.fill { rng.normal(std: 0.3) }
            }
        }
        return net
    }

    private func sampleInput<S: EngineScalar>(_: S.Type = Float.self) throws -> Tensor<S> {
        var rng = RandomGenerator(seed: 9)
        let x = try Tensor<S>(rows: 7, columns: 4)
        x.fill { rng.normal(std: 2) }
        return x
    }

    private func assertBitIdentical<S: EngineScalar>(
        _ a: Tensor<S>, _ b: Tensor<S>,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertEqual(a.rows, b.rows, file: file, line: line)
        XCTAssertEqual(a.columns, b.columns, file: file, line: line)
        XCTAssertEqual(a.scalars, b.scalars, file: file, line: line)
        // == alone would let -0 pass for 0.
        func bits(_ x: S) -> String {
            "\(x.sign == .minus)/\(x.exponentBitPattern)/\(x.significandBitPattern)"
        }
        XCTAssertEqual(a.scalars.map(bits), b.scalars.map(bits), file: file, line: line)
    }

    // MARK: Round trips

    func testRoundTripPredictsBitIdenticallyAndResavesIdentically() throws {
        let net = try makeNetwork()
        let x = try sampleInput()
        let text = try net.modelFileJSON(includeGradients: false)
        let loaded = try Network<Float>.decode(json: text, source: "mem.json")

        assertBitIdentical(try net.predict(x), try loaded.predict(x))
        XCTAssertEqual(try loaded.modelFileJSON(includeGradients: false), text)
        XCTAssertEqual(loaded.inputs, 4)
        XCTAssertEqual(loaded.outputs, 2)
        XCTAssertEqual(loaded.namedLayers.map(\.name), net.namedLayers.map(\.name))
        XCTAssertEqual(loaded.parameters.count, net.parameters.count)
        for (a, b) in zip(net.parameters, loaded.parameters) {
            assertBitIdentical(a.value, b.value)
        }
        // The architecture comes back, with the init scheme replaced (weights are stored).
        XCTAssertEqual(loaded.specs.count, net.specs.count)
        XCTAssertEqual(
            loaded.specs[0],
            .dense(
                units: 8, activation: .leakyReLU(slope: 0.2), weightInit: .defaultWeight,
                biasInit: .zeros))
        XCTAssertEqual(loaded.specs[1], .batchNorm(momentum: 0.2, eps: 1e-3))
        XCTAssertEqual(loaded.specs[2], .dropout(rate: 0.1))
        XCTAssertEqual(loaded.specs[4], .activation(.elu(alpha: 0.5)))

        // The layout: header, one layer per line, residual layers nested one per line.
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(
            Array(lines.prefix(5)),
            [
                "{", "  \"format\": \"gradlab-model\",", "  \"version\": 1,", "  \"inputs\": 4,",
                "  \"layers\": [",
            ])
        XCTAssertTrue(
            lines[5].hasPrefix(
                #"    {"kind": "dense", "in": 4, "out": 8, "act": {"name": "leaky_relu", "slope": 0.2}, "weight": [["#
            ))
        XCTAssertTrue(
            lines[6].hasPrefix(
                #"    {"kind": "batchnorm", "momentum": 0.2, "eps": 0.001, "gamma": ["#))
        XCTAssertEqual(lines[7], #"    {"kind": "dropout", "rate": 0.1},"#)
        XCTAssertEqual(lines[8], #"    {"kind": "residual", "layers": ["#)
        XCTAssertTrue(
            lines[9].hasPrefix(
                #"      {"kind": "dense", "in": 8, "out": 6, "act": "tanh", "weight": [["#))
        XCTAssertTrue(
            lines[10].hasPrefix(
                #"      {"kind": "dense", "in": 6, "out": 8, "act": "gelu", "weight": [["#))
        XCTAssertTrue(lines[10].hasSuffix(#"]], "bias": null}"#))
        XCTAssertEqual(lines[11], "    ]},")
        XCTAssertEqual(
            lines[12], #"    {"kind": "activation", "act": {"name": "elu", "alpha": 0.5}},"#)
        XCTAssertEqual(lines[14], #"    {"kind": "activation", "act": "tanh"},"#)
        XCTAssertEqual(Array(lines.suffix(3)), ["  ]", "}", ""])
        XCTAssertFalse(text.contains("_grad"))
    }

    func testSaveAndLoadThroughAFile() throws {
        let net = try makeNetwork()
        let path = directory + "/net.json"
        try net.save(to: path)
        XCTAssertEqual(try entries(), ["net.json"], "no temporary file is left behind")
        let loaded = try Network<Float>.load(from: path)
        let x = try sampleInput()
        assertBitIdentical(try net.predict(x), try loaded.predict(x))
        XCTAssertEqual(try contents(path), try net.modelFileJSON(includeGradients: false))

        // Saving the loaded network gives the same bytes.
        let again = directory + "/again.json"
        try loaded.save(to: again)
        XCTAssertEqual(try contents(again), try contents(path))
    }

    func testDoubleNetworkRoundTrip() throws {
        let net = try makeNetwork(Double.self)
        let text = try net.modelFileJSON()
        let loaded = try Network<Double>.decode(json: text, source: "d.json")
        let x = try sampleInput(Double.self)
        assertBitIdentical(try net.predict(x), try loaded.predict(x))
        XCTAssertEqual(try loaded.modelFileJSON(), text)
    }

    func testAfterTrainingStepsStillRoundTrips() throws {
        // Running statistics moved by real training-mode passes.
        let net = try makeNetwork()
        var rng = RandomGenerator(seed: 3)
        for _ in 0..<3 {
            _ = try net.forward(try sampleInput(), training: true, rng: &rng)
            for named in net.namedLayers {
                if case .batchNorm(let b) = named.layer { b.commitRunningStatistics() }
            }
        }
        let loaded = try Network<Float>.decode(json: try net.modelFileJSON(), source: "t.json")
        assertBitIdentical(
            try net.predict(try sampleInput()), try loaded.predict(try sampleInput()))
    }

    func testGradientsAreWrittenBesideTheirParameters() throws {
        let net = try makeNetwork()
        var rng = RandomGenerator(seed: 5)
        for p in net.parameters { p.grad.fill { rng.normal(std: 1e-3) } }
        let text = try net.modelFileJSON(includeGradients: true)
        let lines = text.split(separator: "\n").map(String.init)

        // dense with bias: weight, weight_grad, bias, bias_grad in that order.
        let first = lines[5]
        let keys = ["\"weight\":", "\"weight_grad\":", "\"bias\":", "\"bias_grad\":"].map {
            first.range(of: $0)?.lowerBound
        }
        XCTAssertFalse(keys.contains(nil), first)
        XCTAssertEqual(keys.compactMap { $0 }, keys.compactMap { $0 }.sorted())
        // batch norm: gamma, gamma_grad, beta, beta_grad, then the running statistics.
        let bn = lines[6]
        let bnKeys = [
            "\"gamma\":", "\"gamma_grad\":", "\"beta\":", "\"beta_grad\":", "\"running_mean\":",
        ].map { bn.range(of: $0)?.lowerBound }
        XCTAssertFalse(bnKeys.contains(nil), bn)
        XCTAssertEqual(bnKeys.compactMap { $0 }, bnKeys.compactMap { $0 }.sorted())
        // A bias-free layer has "bias": null and no bias_grad.
        XCTAssertTrue(lines[10].contains("\"weight_grad\": [["), lines[10])
        XCTAssertTrue(lines[10].hasSuffix("\"bias\": null}"), lines[10])
        XCTAssertFalse(lines[10].contains("bias_grad"))

        // The gradients load back and re-save identically.
        let loaded = try Network<Float>.decode(json: text, source: "g.json")
        for (a, b) in zip(net.parameters, loaded.parameters) { assertBitIdentical(a.grad, b.grad) }
        XCTAssertEqual(try loaded.modelFileJSON(includeGradients: true), text)
        assertBitIdentical(
            try net.predict(try sampleInput()), try loaded.predict(try sampleInput()))
        // Without gradients the file matches the plain one.
        XCTAssertEqual(
            try loaded.modelFileJSON(includeGradients: false),
            try net.modelFileJSON(includeGradients: false))
    }

    func testHandWrittenGradients() throws {
        var rng = RandomGenerator(seed: 1)
        let net = try Network<Float>(
            inputs: 2, layers: [.dense(units: 1, weightInit: .zeros)], rng: &rng)
        net.parameters[0].grad[0, 0] = 0.25
        net.parameters[0].grad[0, 1] = -3
        net.parameters[1].grad[0, 0] = 1e-7
        let text = try net.modelFileJSON(includeGradients: true)
        XCTAssertEqual(
            text,
            """
            {
              "format": "gradlab-model",
              "version": 1,
              "inputs": 2,
              "layers": [
                {"kind": "dense", "in": 2, "out": 1, "act": "identity", "weight": [[0.0, 0.0]], "weight_grad": [[0.25, -3.0]], "bias": [0.0], "bias_grad": [1e-07]}
              ]
            }

            """)
    }

    func testEmptyNetworkAndEmptyResidual() throws {
        var rng = RandomGenerator(seed: 1)
        let net = try Network<Float>(inputs: 3, layers: [.residual([])], rng: &rng)
        let text = try net.modelFileJSON()
        XCTAssertTrue(text.contains(#"{"kind": "residual", "layers": []}"#), text)
        let loaded = try Network<Float>.decode(json: text, source: "r.json")
        let x = try Tensor<Float>([[1, 2, 3]])
        XCTAssertEqual(try loaded.predict(x).scalars, [2, 4, 6])

        let none = try Network<Float>(inputs: 3, layers: [], rng: &rng)
        XCTAssertTrue(try none.modelFileJSON().contains("\"layers\": []\n"))
        XCTAssertEqual(
            try Network<Float>.decode(json: none.modelFileJSON(), source: "e.json").outputs, 3)
    }

    func testAcceptsHandWrittenVariants() throws {
        // Any whitespace, the string form of leaky_relu (default slope), the object
        // form of a plain activation, an elu object without alpha (default 1).
        let text = """
            {"layers":[{"kind":"dense","out":1,"in":2,"act":"leaky_relu","bias":[0.5],"weight":[[1,-2]]},
            {"kind":"activation","act":{"name":"sigmoid"}},{"kind":"activation","act":{"name":"elu"}}],
            "inputs":2,"version":1,"format":"gradlab-model"}
            """
        let net = try Network<Float>.decode(json: text, source: "h.json")
        XCTAssertEqual(
            net.specs[0],
            .dense(
                units: 1, activation: .leakyReLU(slope: 0.01), weightInit: .defaultWeight,
                biasInit: .zeros))
        XCTAssertEqual(net.specs[1], .activation(.sigmoid))
        XCTAssertEqual(net.specs[2], .activation(.elu(alpha: 1)))
        XCTAssertEqual(net.parameters[0].value.scalars, [1, -2])
        XCTAssertEqual(net.parameters[1].value.scalars, [0.5])
    }

    // MARK: Refusals

    /// A model file around `layers` (a JSON array's contents).
    private func doc(
        _ layers: String, inputs: Int = 2, version: String = "1",
        format: String = "\"gradlab-model\""
    ) -> String {
        """
        {
          "format": \(format),
          "version": \(version),
          "inputs": \(inputs),
          "layers": [
            \(layers)
          ]
        }
        """
    }

    private let dense23 =
        #"{"kind": "dense", "in": 2, "out": 3, "act": "relu", "weight": [[1, 2], [3, 4], [5, 6]], "bias": [0, 0, 0]}"#

    private func refusal(_ text: String, file: StaticString = #filePath, line: UInt = #line)
        -> String
    {
        do {
            _ = try Network<Float>.decode(json: text, source: "net.json")
            XCTFail("loaded", file: file, line: line)
            return ""
        } catch {
            guard case .file(let message) = error else {
                XCTFail("not a file error: \(error)", file: file, line: line)
                return ""
            }
            return message
        }
    }

    func testValidDocumentHelperLoads() throws {
        let net = try Network<Float>.decode(json: doc(dense23), source: "net.json")
        XCTAssertEqual(net.outputs, 3)
    }

    func testRefusesNonJSON() {
        XCTAssertEqual(
            refusal("{\"format\": \"gradlab-model\",\n \"version\": 1\n \"inputs\": 2}"),
            "net.json: not valid JSON: line 3, column 2: expected ',' or '}' in object, found '\"'")
        XCTAssertEqual(
            refusal(doc("[1, 2 3]")),
            "net.json: not valid JSON: line 6, column 11: expected ',' or ']' in array, found '3'")
        XCTAssertEqual(
            refusal("GIF89a"),
            "net.json: not valid JSON: line 1, column 1: unexpected 'GIF89a': expected a value")
        XCTAssertEqual(refusal(""), "net.json: the file is empty")
        XCTAssertEqual(refusal(" \n "), "net.json: the file is empty")
        XCTAssertEqual(
            refusal(doc(#"{"kind": "dropout", "rate": NaN}"#)),
            "net.json: not valid JSON: line 6, column 33: unexpected 'NaN': JSON cannot hold NaN or infinity"
        )
    }

    func testRefusesTruncatedFile() throws {
        let text = try makeNetwork().modelFileJSON()
        let bytes = Array(text.utf8)
        for cut in [1, bytes.count / 3, bytes.count / 2, bytes.count - 3] {
            let message = refusal(String(decoding: bytes.prefix(cut), as: UTF8.self))
            XCTAssertTrue(message.hasPrefix("net.json: not valid JSON: line "), message)
            XCTAssertTrue(
                message.hasSuffix("(is the file truncated?)") || message.contains("invalid number"),
                message)
        }
        XCTAssertEqual(
            refusal(String(text.dropLast(2))),
            "net.json: not valid JSON: line \(text.split(separator: "\n").count), column 1: unexpected end of input in object: expected ',' or '}' (is the file truncated?)"
        )
    }

    func testRefusesInvalidUTF8() {
        var bytes = Array(doc(dense23).utf8)
        bytes.insert(0xFE, at: 14)
        do {
            _ = try Network<Float>.decode(bytes: bytes, source: "net.json")
            XCTFail("loaded")
        } catch {
            XCTAssertEqual(
                error.description,
                "net.json: not valid JSON: line 2, column 13: invalid UTF-8 (byte 0xFE)")
        }
    }

    func testRefusesForeignFiles() {
        XCTAssertEqual(
            refusal("[1, 2]"),
            "net.json: not a GradLab model file: expected a JSON object, found an array")
        XCTAssertEqual(
            refusal(#"{"inputs": 2}"#), "net.json: not a GradLab model file: missing \"format\"")
        XCTAssertEqual(
            refusal(doc(dense23, format: "\"keras\"")),
            "net.json: not a GradLab model file: \"format\" is \"keras\", expected \"gradlab-model\""
        )
        XCTAssertEqual(
            refusal(doc(dense23, format: "3")),
            "net.json: not a GradLab model file: \"format\" is 3, expected \"gradlab-model\"")
    }

    func testRefusesOtherVersions() {
        XCTAssertEqual(
            refusal(doc(dense23, version: "2")),
            "net.json: model file version 2 is newer than this GradLab understands (1)")
        // A newer version is reported before anything it might have changed.
        XCTAssertEqual(
            refusal(#"{"format": "gradlab-model", "version": 7, "model": {}}"#),
            "net.json: model file version 7 is newer than this GradLab understands (1)")
        XCTAssertEqual(
            refusal(doc(dense23, version: "0")),
            "net.json: model file version 0 is not a valid version (this GradLab understands 1)")
        XCTAssertEqual(
            refusal(doc(dense23, version: "1.5")),
            "net.json: \"version\" must be a whole number, found 1.5")
        XCTAssertEqual(
            refusal(doc(dense23, version: "\"1\"")),
            "net.json: \"version\" must be a whole number, found a string")
        XCTAssertEqual(refusal(#"{"format": "gradlab-model"}"#), "net.json: missing \"version\"")
    }

    func testRefusesBadTopLevelFields() {
        XCTAssertEqual(
            refusal(doc(dense23, inputs: 0)),
            "net.json: \"inputs\" must be a positive whole number, found 0")
        XCTAssertEqual(
            refusal(#"{"format": "gradlab-model", "version": 1, "layers": []}"#),
            "net.json: missing \"inputs\"")
        XCTAssertEqual(
            refusal(#"{"format": "gradlab-model", "version": 1, "inputs": 2}"#),
            "net.json: missing \"layers\"")
        XCTAssertEqual(
            refusal(#"{"format": "gradlab-model", "version": 1, "inputs": 2, "layers": {}}"#),
            "net.json: \"layers\" must be an array, found an object")
        XCTAssertEqual(
            refusal(
                #"{"format": "gradlab-model", "version": 1, "inputs": 2, "layers": [], "extra": 1}"#
            ),
            "net.json: unknown field \"extra\"")
    }

    func testRefusesMissingFields() {
        let noWeight = #"{"kind": "dense", "in": 3, "out": 3, "act": "relu", "bias": null}"#
        XCTAssertEqual(
            refusal(
                doc(
                    dense23 + ", "
                        + dense23.replacingOccurrences(of: "\"in\": 2", with: "\"in\": 3")
                        .replacingOccurrences(
                            of: "[[1, 2], [3, 4], [5, 6]]",
                            with: "[[1, 2, 0], [3, 4, 0], [5, 6, 0]]")
                        + ", " + noWeight)),
            "net.json: layer 3 (dense): missing \"weight\"")
        XCTAssertEqual(
            refusal(
                doc(
                    #"{"kind": "dense", "in": 2, "out": 3, "act": "relu", "weight": [[1, 2], [3, 4], [5, 6]]}"#
                )),
            "net.json: layer 1 (dense): missing \"bias\"")
        XCTAssertEqual(
            refusal(doc(#"{"kind": "dense", "out": 3}"#)),
            "net.json: layer 1 (dense): missing \"in\"")
        XCTAssertEqual(refusal(doc(#"{"in": 2}"#)), "net.json: layer 1: missing \"kind\"")
        XCTAssertEqual(
            refusal(
                doc(
                    #"{"kind": "batchnorm", "momentum": 0.1, "eps": 1e-5, "gamma": [1, 1], "beta": [0, 0], "running_mean": [0, 0]}"#
                )),
            "net.json: layer 1 (batchnorm): missing \"running_var\"")
        XCTAssertEqual(
            refusal(doc(#"{"kind": "dropout"}"#)), "net.json: layer 1 (dropout): missing \"rate\"")
        XCTAssertEqual(
            refusal(doc(#"{"kind": "activation"}"#)),
            "net.json: layer 1 (activation): missing \"act\"")
        XCTAssertEqual(
            refusal(doc(#"{"kind": "residual"}"#)),
            "net.json: layer 1 (residual): missing \"layers\"")
        XCTAssertEqual(
            refusal(doc(#"{"kind": "activation", "act": {"slope": 0.2}}"#)),
            "net.json: layer 1 (activation): act: missing \"name\"")
    }

    func testRefusesWrongShapes() {
        let sevenRows = "[" + Array(repeating: "[1, 2]", count: 7).joined(separator: ", ") + "]"
        let eightZeros = "[" + Array(repeating: "0", count: 8).joined(separator: ", ") + "]"
        XCTAssertEqual(
            refusal(
                doc(
                    dense23
                        + #", {"kind": "dense", "in": 3, "out": 8, "act": "tanh", "weight": \#(sevenRows), "bias": \#(eightZeros)}"#
                )),
            "net.json: layer 2 (dense): weight has 7 rows, expected out = 8")
        XCTAssertEqual(
            refusal(
                doc(
                    #"{"kind": "dense", "in": 2, "out": 3, "act": "relu", "weight": [[1, 2], [3, 4, 9], [5, 6]], "bias": null}"#
                )),
            "net.json: layer 1 (dense): weight row 2 has 3 numbers, expected in = 2")
        XCTAssertEqual(
            refusal(
                doc(
                    #"{"kind": "dense", "in": 2, "out": 3, "act": "relu", "weight": [[1, 2], 3, [5, 6]], "bias": null}"#
                )),
            "net.json: layer 1 (dense): weight row 2 is a number, expected an array of in = 2 numbers"
        )
        XCTAssertEqual(
            refusal(
                doc(
                    #"{"kind": "dense", "in": 2, "out": 3, "act": "relu", "weight": [[1, 2], [3, 4], [5, 6]], "bias": [1]}"#
                )),
            "net.json: layer 1 (dense): bias has 1 number, expected out = 3")
        XCTAssertEqual(
            refusal(
                doc(
                    #"{"kind": "dense", "in": 2, "out": 3, "act": "relu", "weight": [[1, 2], [3, 4], [5, 6]], "bias": 0}"#
                )),
            "net.json: layer 1 (dense): \"bias\" must be an array of out = 3 numbers, found a number"
        )
        XCTAssertEqual(
            refusal(
                doc(
                    #"{"kind": "dense", "in": 2, "out": 3, "act": "relu", "weight": [[1, 2], [3, 4], [5, 6]], "weight_grad": [[1, 2]], "bias": null}"#
                )),
            "net.json: layer 1 (dense): weight_grad has 1 row, expected out = 3")
        XCTAssertEqual(
            refusal(
                doc(
                    dense23
                        + #", {"kind": "batchnorm", "momentum": 0.1, "eps": 1e-5, "gamma": [1, 1], "beta": [0, 0, 0], "running_mean": [0, 0, 0], "running_var": [1, 1, 1]}"#
                )),
            "net.json: layer 2 (batchnorm): gamma has 2 numbers, expected 3 (the width of its input)"
        )
        XCTAssertEqual(
            refusal(
                doc(
                    #"{"kind": "dense", "in": 2, "out": 0, "act": "relu", "weight": [], "bias": []}"#
                )),
            "net.json: layer 1 (dense): \"out\" must be a positive whole number, found 0")
    }

    func testRefusesWidthsThatDoNotChain() {
        XCTAssertEqual(
            refusal(doc(dense23, inputs: 5)),
            "net.json: layer 1 (dense): \"in\" is 2, but the model has 5 inputs")
        XCTAssertEqual(
            refusal(doc(dense23 + ", " + #"{"kind": "dropout", "rate": 0.5}"# + ", " + dense23)),
            "net.json: layer 3 (dense): \"in\" is 2, but layer 2 (dropout) outputs width 3")
        // Inside a residual block, and the block's own width.
        XCTAssertEqual(
            refusal(
                doc(
                    #"{"kind": "residual", "layers": [{"kind": "activation", "act": "relu"}, \#(dense23)]}"#,
                    inputs: 3)),
            "net.json: layer 1.2 (dense): \"in\" is 2, but layer 1.1 (activation) outputs width 3")
        XCTAssertEqual(
            refusal(doc(#"{"kind": "residual", "layers": [\#(dense23)]}"#, inputs: 3)),
            "net.json: layer 1.1 (dense): \"in\" is 2, but the residual block's input has width 3")
        XCTAssertEqual(
            refusal(doc(#"{"kind": "residual", "layers": [\#(dense23)]}"#)),
            "net.json: layer 1 (residual): its layers map width 2 to width 3, but a residual block must keep its width"
        )
    }

    func testRefusesUnknownKindsActivationsAndFields() {
        XCTAssertEqual(
            refusal(doc(#"{"kind": "conv2d"}"#)),
            "net.json: layer 1: unknown kind \"conv2d\" (known: dense, batchnorm, dropout, activation, residual)"
        )
        XCTAssertEqual(
            refusal(doc(#"{"kind": "activation", "act": "relu6"}"#)),
            "net.json: layer 1 (activation): unknown activation \"relu6\" (known: identity, relu, leaky_relu, elu, gelu, selu, sigmoid, tanh, softplus, exponential, softsign, hard_sigmoid, silu, softmax)"
        )
        XCTAssertEqual(
            refusal(
                doc(dense23.replacingOccurrences(of: "\"relu\"", with: "{\"name\": \"mish\"}"))),
            "net.json: layer 1 (dense): unknown activation \"mish\" (known: identity, relu, leaky_relu, elu, gelu, selu, sigmoid, tanh, softplus, exponential, softsign, hard_sigmoid, silu, softmax)"
        )
        XCTAssertEqual(
            refusal(doc(dense23.replacingOccurrences(of: "\"relu\"", with: "3"))),
            "net.json: layer 1 (dense): \"act\" must be an activation name or an object like {\"name\": \"leaky_relu\", \"slope\": 0.2}, found a number"
        )
        XCTAssertEqual(
            refusal(doc(#"{"kind": "activation", "act": {"name": "elu", "slope": 0.2}}"#)),
            "net.json: layer 1 (activation): act: unknown field \"slope\"")
        XCTAssertEqual(
            refusal(doc(#"{"kind": "activation", "act": {"name": "leaky_relu", "slope": "big"}}"#)),
            "net.json: layer 1 (activation): act: \"slope\" must be a number, found a string")
        XCTAssertEqual(
            refusal(doc(#"{"kind": "dropout", "rate": 0.5, "seed": 3}"#)),
            "net.json: layer 1 (dropout): unknown field \"seed\"")
        XCTAssertEqual(refusal(doc("7")), "net.json: layer 1: expected an object, found a number")
        XCTAssertEqual(
            refusal(doc(#"{"kind": 1}"#)),
            "net.json: layer 1: \"kind\" must be a string, found a number")
    }

    func testRefusesNonNumericAndOutOfRangeValues() {
        XCTAssertEqual(
            refusal(
                doc(
                    #"{"kind": "dense", "in": 2, "out": 1, "act": "relu", "weight": [[1, "2"]], "bias": null}"#
                )),
            "net.json: layer 1 (dense): weight row 1, column 2 is a string, expected a number")
        XCTAssertEqual(
            refusal(
                doc(
                    #"{"kind": "dense", "in": 2, "out": 1, "act": "relu", "weight": [[1, 2]], "bias": [null]}"#
                )),
            "net.json: layer 1 (dense): bias value 1 is null, expected a number")
        XCTAssertEqual(
            refusal(
                doc(
                    #"{"kind": "dense", "in": 2, "out": 1, "act": "relu", "weight": [[1, 1e39]], "bias": null}"#
                )),
            "net.json: layer 1 (dense): weight row 1, column 2 (1e39) is out of range for Float")
        XCTAssertEqual(
            refusal(doc(#"{"kind": "dense", "in": 2.0, "out": 1}"#)),
            "net.json: layer 1 (dense): \"in\" must be a whole number, found 2.0")
        XCTAssertEqual(
            refusal(
                doc(dense23, inputs: 0).replacingOccurrences(
                    of: "\"inputs\": 0", with: "\"inputs\": 123456789012345678901234567890")),
            "net.json: \"inputs\" is too large (123456789012345678901234567890)")
        XCTAssertEqual(
            refusal(doc(#"{"kind": "dropout", "rate": true}"#)),
            "net.json: layer 1 (dropout): \"rate\" must be a number, found a boolean")
        XCTAssertEqual(
            refusal(doc(#"{"kind": "dropout", "rate": 1.5}"#)),
            "net.json: layer 1 (dropout): \"rate\" must be in [0, 1], found 1.5")
        XCTAssertEqual(
            refusal(
                doc(
                    #"{"kind": "batchnorm", "momentum": 0.1, "eps": 0, "gamma": [1, 1], "beta": [0, 0], "running_mean": [0, 0], "running_var": [1, 1]}"#
                )),
            "net.json: layer 1 (batchnorm): \"eps\" must be positive, found 0.0")
        XCTAssertEqual(
            refusal(
                doc(
                    #"{"kind": "batchnorm", "momentum": 0.1, "eps": 1e-5, "gamma": [1, 1], "beta": [0, 0], "running_mean": [0, 0], "running_var": [1, -0.5]}"#
                )),
            "net.json: layer 1 (batchnorm): running_var value 2 is negative (-0.5)")
        XCTAssertEqual(
            refusal(doc(#"{"kind": "activation", "act": {"name": "leaky_relu", "slope": 1e999}}"#)),
            "net.json: layer 1 (activation): act: \"slope\" is out of range (1e999)")
        XCTAssertEqual(
            refusal(
                doc(
                    #"{"kind": "dense", "in": 2, "out": 1, "act": "relu", "weight": [[1, 2]], "bias": null, "bias_grad": [0]}"#
                )),
            "net.json: layer 1 (dense): \"bias_grad\" is given, but the layer has no bias")
    }

    func testSaveRefusesNonFiniteValues() throws {
        let net = try makeNetwork()
        // The residual block's first dense weight (after dense 1 and batchnorm).
        net.parameters[4].value[3, 1] = .nan
        XCTAssertThrowsError(try net.modelFileJSON(includeGradients: false)) { error in
            XCTAssertEqual(
                (error as? EngineError)?.description,
                "cannot save the model: layer 4.1 (dense): weight row 4, column 2 is NaN, and JSON cannot hold NaN or infinity"
            )
        }
        let path = directory + "/nan.json"
        XCTAssertThrowsError(try net.save(to: path)) { error in
            XCTAssertEqual(
                (error as? EngineError)?.description,
                "cannot save \(path): layer 4.1 (dense): weight row 4, column 2 is NaN, and JSON cannot hold NaN or infinity"
            )
        }
        XCTAssertEqual(try entries(), [], "nothing is written")

        // Gradients are only checked when written.
        let ok = try makeNetwork()
        ok.parameters[1].grad[0, 2] = -.infinity
        XCTAssertNoThrow(try ok.modelFileJSON(includeGradients: false))
        XCTAssertThrowsError(try ok.modelFileJSON(includeGradients: true)) { error in
            XCTAssertEqual(
                (error as? EngineError)?.description,
                "cannot save the model: layer 1 (dense): bias_grad value 3 is -infinity, and JSON cannot hold NaN or infinity"
            )
        }
    }

    // MARK: Files

    func testLoadReportsFileErrors() throws {
        let missing = directory + "/nope.json"
        XCTAssertThrowsError(try Network<Float>.load(from: missing)) { error in
            XCTAssertEqual(
                error as? EngineError, .file("cannot read \(missing): No such file or directory"))
        }
        XCTAssertThrowsError(try Network<Float>.load(from: directory)) { error in
            XCTAssertEqual(
                error as? EngineError, .file("cannot read \(directory): it is a directory"))
        }
        let bad = directory + "/bad.json"
        try AtomicFile.write(doc(dense23, version: "2"), to: bad)
        XCTAssertThrowsError(try Network<Float>.load(from: bad)) { error in
            XCTAssertEqual(
                error as? EngineError,
                .file("\(bad): model file version 2 is newer than this GradLab understands (1)"))
        }
        XCTAssertThrowsError(try AtomicFile.read(bad, limit: 10)) { error in
            XCTAssertTrue(
                (error as? EngineError)?.description.hasPrefix("cannot read \(bad): the file is ")
                    ?? false, "\(error)")
            XCTAssertTrue(
                (error as? EngineError)?.description.hasSuffix("larger than the 10 bytes limit")
                    ?? false, "\(error)")
        }
        if getuid() != 0 {  // root reads anything
            let locked = directory + "/locked.json"
            try AtomicFile.write("{}", to: locked)
            chmod(locked, 0)
            XCTAssertThrowsError(try Network<Float>.load(from: locked)) { error in
                XCTAssertEqual(
                    error as? EngineError, .file("cannot read \(locked): Permission denied"))
            }
        }
    }

    func testAtomicWriteIntoMissingDirectoryFailsCleanly() throws {
        let path = directory + "/missing/net.json"
        XCTAssertThrowsError(try makeNetwork().save(to: path)) { error in
            XCTAssertEqual(
                error as? EngineError, .file("cannot write \(path): No such file or directory"))
        }
        XCTAssertEqual(try entries(), [])
        XCTAssertThrowsError(try AtomicFile.write("x", to: directory)) { error in
            XCTAssertEqual(
                error as? EngineError, .file("cannot write \(directory): it is a directory"))
        }
        XCTAssertThrowsError(try AtomicFile.write("x", to: directory + "/")) { error in
            XCTAssertEqual(
                error as? EngineError, .file("cannot write \(directory)/: it is a directory"))
        }
        // A directory where the file would go.
        try FileManager.default.createDirectory(
            atPath: directory + "/taken.json", withIntermediateDirectories: false)
        XCTAssertThrowsError(try makeNetwork().save(to: directory + "/taken.json")) { error in
            XCTAssertEqual(
                error as? EngineError,
                .file("cannot write \(directory)/taken.json: it is a directory"))
        }
        XCTAssertEqual(try entries(), ["taken.json"])
        XCTAssertEqual(try entries(directory + "/taken.json"), [])
        if getuid() != 0 {
            let readOnly = directory + "/ro"
            try FileManager.default.createDirectory(
                atPath: readOnly, withIntermediateDirectories: false)
            chmod(readOnly, 0o555)
            defer { chmod(readOnly, 0o755) }
            XCTAssertThrowsError(try AtomicFile.write("x", to: readOnly + "/f")) { error in
                XCTAssertEqual(
                    error as? EngineError, .file("cannot write \(readOnly)/f: Permission denied"))
            }
            XCTAssertEqual(try entries(readOnly), [])
        }
    }

    func testAtomicWriteReplacesAnExistingFileWhole() throws {
        let path = directory + "/net.json"
        let long = String(repeating: "0123456789\n", count: 10_000)
        try AtomicFile.write(long, to: path)
        XCTAssertEqual(try contents(path), long)
        chmod(path, 0o640)

        let net = try makeNetwork()
        // The old file is not a model: save refuses it unless told to replace it.
        XCTAssertThrowsError(try net.save(to: path)) { error in
            XCTAssertTrue("\(error)".contains("is not a GradLab model file"), "\(error)")
        }
        XCTAssertEqual(try contents(path), long, "a refused save leaves the file alone")
        try net.save(to: path, replacingForeignFile: true)
        XCTAssertEqual(
            try contents(path), try net.modelFileJSON(), "no tail of the longer old file remains")
        XCTAssertEqual(try entries(), ["net.json"])
        var info = stat()
        XCTAssertEqual(stat(path, &info), 0)
        XCTAssertEqual(info.st_mode & 0o777, 0o640, "the existing file's permissions are kept")

        try AtomicFile.write("", to: path)
        XCTAssertEqual(try AtomicFile.read(path), [])
        XCTAssertEqual(try entries(), ["net.json"])
    }

    func testAtomicWriteThroughASymbolicLinkReplacesItsTarget() throws {
        let target = directory + "/real.json"
        let link = directory + "/link.json"
        try AtomicFile.write("old", to: target)
        XCTAssertEqual(symlink(target, link), 0)
        try AtomicFile.write("new", to: link)
        XCTAssertEqual(try contents(target), "new")
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: link), target)
        XCTAssertEqual(try entries(), ["link.json", "real.json"])
    }

    func testRelativePathsWork() throws {
        let old = FileManager.default.currentDirectoryPath
        XCTAssertTrue(FileManager.default.changeCurrentDirectoryPath(directory))
        defer { _ = FileManager.default.changeCurrentDirectoryPath(old) }
        let net = try makeNetwork()
        try net.save(to: "plain.json")
        let loaded = try Network<Float>.load(from: "plain.json")
        assertBitIdentical(
            try net.predict(try sampleInput()), try loaded.predict(try sampleInput()))
        XCTAssertEqual(try entries(), ["plain.json"])
    }
}
