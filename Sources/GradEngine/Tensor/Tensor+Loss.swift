/// Loss kernels: each returns the mean loss and writes its gradient.
extension Tensor {
    /// mean((self − target)²) over all elements; gradient 2(self − target)/n.
    func meanSquaredError(_ target: Tensor, gradient: Tensor) -> Double {
        let n = count
        let y = base
        let t = target.base
        let g = gradient.base
        let scale = 2 / Scalar(n)
        var sum: Double = 0
        for i in 0..<n {
            let d = y[i] - t[i]
            sum += Double(d * d)
            g[i] = scale * d
        }
        return sum / Double(n)
    }

    /// Softmax cross-entropy of logit rows against labels; gradient (softmax − onehot)/N.
    func softmaxCrossEntropy(labels: [Int], gradient: Tensor) -> Double {
        let k = columns
        let inv = 1 / Scalar(rows)
        var total: Double = 0
        for r in 0..<rows {
            let z = base + r &* k
            let g = gradient.base + r &* k
            var m = z[0]
            for c in 1..<max(k, 1) where z[c] > m || z[c] != z[c] { m = z[c] }
            var s: Scalar = 0
            for c in 0..<k {
                let e = Scalar.exp(z[c] - m)
                g[c] = e
                s += e
            }
            let label = labels[r]
            total += Double(m) + Double(Scalar.log(s)) - Double(z[label])
            let invS = inv / s
            for c in 0..<k { g[c] *= invS }
            g[label] -= inv
        }
        return total / Double(rows)
    }

    /// Stable sigmoid binary cross-entropy on logits; gradient (σ(z) − y)/n.
    func sigmoidBinaryCrossEntropy(_ target: Tensor, gradient: Tensor) -> Double {
        let n = count
        let z = base
        let t = target.base
        let g = gradient.base
        let inv = 1 / Scalar(n)
        var sum: Double = 0
        for i in 0..<n {
            let x = z[i]
            let y = t[i]
            let e = Scalar.exp(-x.magnitude)
            sum += Double((x > 0 ? x : 0) - x * y + Scalar.log1p(e))
            let sigma = x >= 0 ? 1 / (1 + e) : e / (1 + e)
            g[i] = (sigma - y) * inv
        }
        return sum / Double(n)
    }

    /// How many rows have their largest element at the label's column.
    func argmaxMatches(_ labels: [Int]) -> Int {
        var hits = 0
        for r in 0..<rows {
            let z = base + r &* columns
            var best = 0
            for c in 1..<max(columns, 1) where z[c] > z[best] { best = c }
            if best == labels[r] { hits += 1 }
        }
        return hits
    }

    /// How many elements agree with 0/1 targets when thresholded at logit 0.
    func thresholdMatches(_ target: Tensor) -> Int {
        var hits = 0
        for i in 0..<count where (base[i] > 0) == (target.base[i] > 0.5) { hits += 1 }
        return hits
    }

    /// Writes class labels as a column of numbers (for bce on two-class data).
    func fillLabels(_ labels: [Int]) {
        for (i, l) in labels.enumerated() { base[i] = Scalar(l) }
    }
}
