#if canImport(Glibc)
    import Glibc
#endif

/// The engine's one random number generator: xoshiro256** (Blackman & Vigna,
/// 2018) seeded through SplitMix64, so any 64-bit seed gives a well-mixed state.
///
/// Data generators, weight init, shuffling and dropout all draw from it, so one
/// seed reproduces a whole session bit for bit. Derived draws:
/// - uniform Double in [0, 1): the top 53 bits of a draw, times 2⁻⁵³;
/// - normal: Box–Muller on two uniforms (the second value is kept for the next call);
/// - integers below n: Lemire's multiply-shift with rejection (no modulo bias).
public struct RandomGenerator: RandomNumberGenerator, Sendable {
    private var s0, s1, s2, s3: UInt64
    private var spareNormal: Double?

    /// A generator whose whole future is fixed by `seed`.
    public init(seed: UInt64) {
        var x = seed
        func splitMix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix()
        s1 = splitMix()
        s2 = splitMix()
        s3 = splitMix()
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    @inline(__always) private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 - k))
    }

    /// A uniform Double in [0, 1).
    public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform Double in [low, high).
    public mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * uniform()
    }

    /// A normal deviate with the given mean and standard deviation.
    public mutating func normal(mean: Double = 0, std: Double = 1) -> Double {
        if let z = spareNormal {
            spareNormal = nil
            return mean + std * z
        }
        // 1 - u is in (0, 1], so the logarithm is finite.
        let u1 = 1 - uniform()
        let u2 = uniform()
        let radius = (-2 * Glibc.log(u1)).squareRoot()
        let angle = 2 * Double.pi * u2
        spareNormal = radius * Glibc.sin(angle)
        return mean + std * radius * Glibc.cos(angle)
    }

    /// A uniform integer in 0..<n (n > 0).
    public mutating func below(_ n: Int) -> Int {
        precondition(n > 0)
        return Int(next(upperBound: UInt64(n)))
    }

    /// A random permutation of 0..<n (Fisher–Yates, drawing from the end).
    public mutating func permutation(_ n: Int) -> [Int] {
        var p = Array(0..<n)
        var i = n - 1
        while i > 0 {
            let j = below(i + 1)
            p.swapAt(i, j)
            i -= 1
        }
        return p
    }
}
