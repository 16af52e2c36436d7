/// The targets of one mini-batch, in the form the loss kernels read.
final class BatchTargets<Scalar: EngineScalar> {
    var labels: [Int] = []
    let values: Tensor<Scalar>

    init(width: Int) throws(EngineError) { values = try Tensor(rows: 0, columns: width) }

    /// Fills this batch with the targets of `indices` from `targets`.
    func gather(_ targets: Targets<Scalar>, indices: ArraySlice<Int>, loss: Loss)
        throws(EngineError)
    {
        switch targets {
        case .classes(let all, _):
            labels.removeAll(keepingCapacity: true)
            for i in indices { labels.append(all[i]) }
            if case .binaryCrossEntropy = loss {
                try values.resize(rows: indices.count)
                values.fillLabels(labels)
            }
        case .values(let y):
            try values.resize(rows: indices.count)
            values.gatherRows(from: y, indices: indices)
        }
    }
}
