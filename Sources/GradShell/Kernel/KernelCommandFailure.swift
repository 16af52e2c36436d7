/// Why a `gradlab kernel` command cannot do what it was asked (a bad option,
/// a file that cannot be written or removed), in a sentence.
struct KernelCommandFailure: Error, Equatable, ExpressibleByStringInterpolation,
    CustomStringConvertible
{
    var description: String
    init(stringLiteral value: String) { description = value }
}
