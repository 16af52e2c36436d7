import CBLAS

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The element types the engine computes in: `Float` for training, `Double` for
/// gradient checks.
///
/// Each requirement is one primitive the kernels need. The Float versions favour
/// speed (vectorizable polynomial `exp`/`tanh`, accurate to a few ulp); the Double
/// versions call libm, so finite-difference checks see no approximation error.
public protocol EngineScalar: BinaryFloatingPoint, SIMDScalar, Codable, Sendable,
    LosslessStringConvertible
where RawSignificand: FixedWidthInteger {
    /// C = alpha · op(A) · op(B) + beta · C, all row-major (cblas `?gemm`).
    static func gemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Self, a: UnsafePointer<Self>, lda: Int,
        b: UnsafePointer<Self>, ldb: Int,
        beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int)
    /// Σ x[i]·y[i] over `n` elements (cblas `?dot`).
    static func dot(_ n: Int, _ x: UnsafePointer<Self>, _ y: UnsafePointer<Self>) -> Self
    /// Σ x[i]² over `n` elements as a Double: finite whenever every element is,
    /// so gradients of 1e20 give a finite sum where a Float sum would overflow.
    static func sumOfSquaresInDouble(_ n: Int, _ x: UnsafePointer<Self>) -> Double
    /// The largest |x| (NaN if any element is NaN) and the number of exact zeros
    /// (±0) among `n` elements. Written on the bit patterns, where these are
    /// integer reductions the compiler vectorizes.
    static func magnitudeStatistics(_ p: UnsafePointer<Self>, _ n: Int) -> (
        maxMagnitude: Self, zeros: Int
    )
    /// √x (NaN below 0), vectorizable unlike `squareRoot()` (see the CBLAS shim).
    static func sqrt(_ x: Self) -> Self
    /// e^x.
    static func exp(_ x: Self) -> Self
    /// The natural logarithm.
    static func log(_ x: Self) -> Self
    /// log(1 + x), accurate near 0.
    static func log1p(_ x: Self) -> Self
    /// The hyperbolic tangent.
    static func tanh(_ x: Self) -> Self
    /// The error function.
    static func erf(_ x: Self) -> Self
}

extension EngineScalar {
    /// The beta to pass the BLAS for C = alpha·op(A)·op(B) + beta·C, after
    /// zeroing C (rows × columns, row stride `ldc`) when beta is 0.
    ///
    /// OpenBLAS applies beta = 0 in a pass of its own that zeroes C an element
    /// at a time before its kernels add the product into C; zeroing C with
    /// memset and asking for beta = 1 gives bit-identical results (checked over
    /// 2,304 shapes at 1 and 2 threads) and takes 3–13% off the presets'
    /// products (44% off a 128×256×10 one; docs/performance.md).
    @inlinable
    static func zeroingForBLAS(
        beta: Self, c: UnsafeMutablePointer<Self>, rows: Int, columns: Int, ldc: Int
    ) -> Self {
        guard beta == 0, rows > 0, columns > 0 else { return beta }
        let stride = MemoryLayout<Self>.stride
        if columns == ldc {
            memset(c, 0, rows &* columns &* stride)
        } else {
            for r in 0..<rows { memset(c + r &* ldc, 0, columns &* stride) }
        }
        return 1
    }
}

extension Float: EngineScalar {
    @inlinable
    public static func gemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        let beta = zeroingForBLAS(beta: beta, c: c, rows: m, columns: n, ldc: ldc)
        cblas_sgemm(
            CblasRowMajor, transA ? CblasTrans : CblasNoTrans,
            transB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb),
            beta, c, Int32(ldc))
    }

    @inlinable
    public static func dot(_ n: Int, _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>) -> Float
    {
        cblas_sdot(Int32(n), x, 1, y, 1)
    }

    @inlinable
    public static func magnitudeStatistics(_ p: UnsafePointer<Float>, _ n: Int) -> (
        maxMagnitude: Float, zeros: Int
    ) {
        let (largest, zeros) = largestMagnitudeBits(p, n, as: UInt32.self)
        return (Float(bitPattern: largest), zeros)
    }

    @inlinable
    public static func sumOfSquaresInDouble(_ n: Int, _ x: UnsafePointer<Float>) -> Double {
        // sdot is fast; only when it overflows (or meets NaN/Inf) sum again in
        // Double. (OpenBLAS's dsdot squares in Float on some kernels and
        // overflows the same way.)
        let fast = cblas_sdot(Int32(n), x, 1, x, 1)
        if fast.isFinite { return Double(fast) }
        var total = 0.0
        for i in 0..<n { total += Double(x[i]) * Double(x[i]) }
        return total
    }

    /// e^x by Cephes' range reduction and degree-6 polynomial, written without
    /// branches or checked integer conversions so that loops over it vectorize.
    /// Arguments are clamped to [-87.3, 88]; NaN passes through.
    @inlinable @inline(__always)
    public static func exp(_ x: Float) -> Float {
        var v = x > 88 ? 88 : x
        v = v < -87.3 ? -87.3 : v
        // Round v/ln2 to the nearest integer n with the 1.5·2^23 trick: n ends up
        // in the low mantissa bits of `shifted`.
        let shifted = v * 1.44269504088896341 + 12582912.0
        let n = shifted - 12582912.0
        let r = v - n * 0.693359375 + n * 2.12194440e-4
        var p: Float = 1.9875691500e-4
        p = p * r + 1.3981999507e-3
        p = p * r + 8.3334519073e-3
        p = p * r + 4.1665795894e-2
        p = p * r + 1.6666665459e-1
        p = p * r + 5.0000001201e-1
        let er = p * r * r + r + 1
        let k = Int32(bitPattern: shifted.bitPattern) &- 0x4B40_0000
        let scale = Float(bitPattern: UInt32(bitPattern: (k &+ 127) &<< 23))
        return er * scale
    }

    @inlinable @inline(__always) public static func sqrt(_ x: Float) -> Float { gradlab_sqrtf(x) }
    @inlinable public static func log(_ x: Float) -> Float { logf(x) }
    @inlinable public static func log1p(_ x: Float) -> Float { log1pf(x) }
    @inlinable public static func erf(_ x: Float) -> Float { erff(x) }

    /// tanh by Eigen's rational approximation x·P(x²)/Q(x²) on [-9, 9]
    /// (±1 beyond, as in single precision); no exp, no branches.
    @inlinable @inline(__always)
    public static func tanh(_ x: Float) -> Float {
        var v = x > 9 ? 9 : x
        v = v < -9 ? -9 : v
        let x2 = v * v
        var p: Float = -2.76076847742355e-16
        p = p * x2 + 2.00018790482477e-13
        p = p * x2 + -8.60467152213735e-11
        p = p * x2 + 5.12229709037114e-08
        p = p * x2 + 1.48572235717979e-05
        p = p * x2 + 6.37261928875436e-04
        p = p * x2 + 4.89352455891786e-03
        p = p * v
        var q: Float = 1.19825839466702e-06
        q = q * x2 + 1.18534705686654e-04
        q = q * x2 + 2.26843463243900e-03
        q = q * x2 + 4.89352518554385e-03
        let t = p / q
        // NaN must stay NaN (the clamps above keep it, the select below too).
        return x != x ? x : t
    }
}

extension Double: EngineScalar {
    @inlinable
    public static func gemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Double, a: UnsafePointer<Double>, lda: Int,
        b: UnsafePointer<Double>, ldb: Int,
        beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        let beta = zeroingForBLAS(beta: beta, c: c, rows: m, columns: n, ldc: ldc)
        cblas_dgemm(
            CblasRowMajor, transA ? CblasTrans : CblasNoTrans,
            transB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb),
            beta, c, Int32(ldc))
    }

    @inlinable
    public static func dot(_ n: Int, _ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>)
        -> Double
    {
        cblas_ddot(Int32(n), x, 1, y, 1)
    }

    @inlinable
    public static func magnitudeStatistics(_ p: UnsafePointer<Double>, _ n: Int) -> (
        maxMagnitude: Double, zeros: Int
    ) {
        let (largest, zeros) = largestMagnitudeBits(p, n, as: UInt64.self)
        return (Double(bitPattern: largest), zeros)
    }

    @inlinable
    public static func sumOfSquaresInDouble(_ n: Int, _ x: UnsafePointer<Double>) -> Double {
        cblas_ddot(Int32(n), x, 1, x, 1)
    }

    @inlinable @inline(__always) public static func sqrt(_ x: Double) -> Double { gradlab_sqrt(x) }
    @inlinable public static func exp(_ x: Double) -> Double { Glibc.exp(x) }
    @inlinable public static func log(_ x: Double) -> Double { Glibc.log(x) }
    @inlinable public static func log1p(_ x: Double) -> Double { Glibc.log1p(x) }
    @inlinable public static func tanh(_ x: Double) -> Double { Glibc.tanh(x) }
    @inlinable public static func erf(_ x: Double) -> Double { Glibc.erf(x) }
}

/// The largest bit pattern without the sign bit, and the count of patterns that
/// are zero, over `n` scalars read as `Bits` (the unsigned integer of their
/// width). Without the sign bit, the patterns of non-negative floats (and NaN,
/// above infinity) order as the values do; as integer reductions, these loops
/// vectorize.
@inlinable @inline(__always)
func largestMagnitudeBits<S, Bits: FixedWidthInteger & UnsignedInteger>(
    _ p: UnsafePointer<S>, _ n: Int, as: Bits.Type
) -> (Bits, Int) {
    let bits = UnsafeRawPointer(p).assumingMemoryBound(to: Bits.self)
    let magnitudeMask = Bits.max >> 1
    var largest: Bits = 0
    var zeros: Bits = 0
    var i = 0
    while i < n {
        let b = bits[i] & magnitudeMask
        largest = b > largest ? b : largest
        zeros &+= b == 0 ? 1 : 0
        i &+= 1
    }
    return (largest, Int(zeros))
}
