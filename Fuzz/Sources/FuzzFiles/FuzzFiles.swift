import FuzzSupport
import GradEngine

#if canImport(Glibc)
    import Glibc
#endif

/// libFuzzer entry point: the input bytes are read as a model file and as a CSV
/// file, through the same code `load(path)` and `csv(path)` run after reading
/// the file. Both must end in a model, a dataset or an EngineError, never a
/// crash. The first byte picks the CSV target column and class count, so
/// classification by index, by text and regression are all reached.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFiles(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzSandbox.prepare()
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))

    if let network = try? Network<Float>.decode(bytes: bytes, source: "fuzz.json") {
        // A model that loads must also write back and load again the same.
        if let text = try? network.modelFileJSON(includeGradients: true) {
            let again = try? Network<Float>.decode(bytes: Array(text.utf8), source: "again.json")
            if again == nil { fatalError("a loaded model did not load again after saving") }
        }
    }

    let selector = bytes.first ?? 0
    let targets = ["label", "y", "species", "a", "b"]
    let target = targets[Int(selector % UInt8(targets.count))]
    let classes: Int? = selector & 0x80 != 0 ? Int(selector & 0x07) + 1 : nil
    if let dataset = try? CSVLoader.parse(
        bytes: bytes, source: "fuzz.csv", target: target, classes: classes, as: Float.self)
    {
        _ = dataset.count
        _ = try? dataset.split(trainFraction: 0.5, rng: &rng)
    }
    // The same bytes through the file path, as csv() and load() read them.
    if size <= 1 << 16 {
        let path = FuzzSandbox.directory + "/input"
        if let f = fopen(path, "wb") {
            _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, f) }
            fclose(f)
            _ = try? CSVLoader.load(path: path, target: target, classes: classes, as: Float.self)
            _ = try? Network<Float>.load(from: path)
        }
        FuzzSandbox.empty()
    }
    FuzzSandbox.checkNoTensorsLeaked()
    return 0
}

private var rng = RandomGenerator(seed: 1)
