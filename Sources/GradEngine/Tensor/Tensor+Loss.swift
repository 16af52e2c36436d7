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

    /// mean(|self − target|) over all elements; gradient sign(self − target)/n,
    /// 0 where they are equal (torch's sign).
    func meanAbsoluteError(_ target: Tensor, gradient: Tensor) -> Double {
        let n = count
        let y = base
        let t = target.base
        let g = gradient.base
        let scale = 1 / Scalar(n)
        var sum: Double = 0
        for i in 0..<n {
            let d = y[i] - t[i]
            sum += Double(d.magnitude)
            g[i] = d > 0 ? scale : (d < 0 ? -scale : 0)
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

    /// Keras 2's categorical cross-entropy of probability rows against labels:
    /// each row scaled to sum 1 (p̂ = p / S, S = Σⱼpⱼ), clipped to [low, high],
    /// loss −log p̂_y averaged over rows. Where p̂_y is inside the clip range
    /// the gradient of a row is (1/S − [j = y]/p_y)/N, written for the label's
    /// column as −(S − p_y)/(S·p_y)/N so it does not cancel when p̂_y is near 1;
    /// outside the range the clip is flat and the row's gradient is 0, as
    /// TensorFlow's and PyTorch's clip gradients are. A NaN stays NaN.
    func clippedCrossEntropy(labels: [Int], low: Scalar, high: Scalar, gradient: Tensor) -> Double {
        let k = columns
        let inv = 1 / Scalar(rows)
        var total: Double = 0
        for r in 0..<rows {
            let p = base + r &* k
            let g = gradient.base + r &* k
            let label = labels[r]
            var others: Scalar = 0
            for c in 0..<k where c != label { others += p[c] }
            let s = others + p[label]
            let q = p[label] / s
            let clipped = q < low ? low : (q > high ? high : q)
            total -= Double(Scalar.log(clipped))
            if q >= low && q <= high {
                let each = inv / s
                for c in 0..<k { g[c] = each }
                g[label] = -inv * (others / (s * p[label]))
            } else {
                for c in 0..<k { g[c] = 0 }
            }
        }
        return total / Double(rows)
    }

    /// Keras 2's binary cross-entropy of probabilities against 0/1 targets:
    /// p clipped to [low, high], −(y·log p + (1 − y)·log(1 − p)) averaged over
    /// every element; gradient (p − y)/(p(1 − p))/n inside the clip range, 0
    /// outside it (the clip is flat there).
    func clippedBinaryCrossEntropy(_ target: Tensor, low: Scalar, high: Scalar, gradient: Tensor)
        -> Double
    {
        let n = count
        let z = base
        let t = target.base
        let g = gradient.base
        let inv = 1 / Scalar(n)
        var sum: Double = 0
        for i in 0..<n {
            let p = z[i]
            let y = t[i]
            let c = p < low ? low : (p > high ? high : p)
            sum -= Double(y * Scalar.log(c) + (1 - y) * Scalar.log(1 - c))
            g[i] = p >= low && p <= high ? (c - y) / (c * (1 - c)) * inv : 0
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

    /// How many elements agree with 0/1 targets when thresholded at `threshold`
    /// (logit 0, or probability 0.5).
    func thresholdMatches(_ target: Tensor, threshold: Scalar) -> Int {
        var hits = 0
        for i in 0..<count where (base[i] > threshold) == (target.base[i] > 0.5) { hits += 1 }
        return hits
    }

    /// Writes class labels as a column of numbers (for bce on two-class data).
    func fillLabels(_ labels: [Int]) {
        for (i, l) in labels.enumerated() { base[i] = Scalar(l) }
    }
}
