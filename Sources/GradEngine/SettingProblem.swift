/// A setting the engine refuses, as data rather than text. Each rule is
/// checked once, where the setting is defined (`TrainingOptions.problem`,
/// `Optimizer.Kind.problem`, `Clipping.problem`); each caller words the
/// problem in its own terms: `EngineError` for library users
/// ("lr must be ≥ 0 (got -1)"), the language for its users
/// ("sgd(): 'lr' must be ≥ 0, found -1").
public enum SettingProblem: Equatable, Sendable, CustomStringConvertible {
    /// A number outside what the setting allows; `requirement` reads after
    /// "must be": "≥ 0", "in [0, 1)", "a whole number ≥ 1".
    case outOfRange(setting: String, requirement: String, found: Double)
    /// A switch that is on but needs another setting: `nesterov` needs "a momentum > 0".
    case needs(setting: String, what: String)

    /// The setting's name, as the engine and the language both spell it.
    public var setting: String {
        switch self {
        case .outOfRange(let setting, _, _), .needs(let setting, _): setting
        }
    }

    public var description: String {
        switch self {
        case .outOfRange(let setting, let requirement, let found):
            "\(setting) must be \(requirement) (got \(SettingProblem.text(found)))"
        case .needs(let setting, let what): "\(setting) needs \(what)"
        }
    }

    /// The problem with `x` for `setting`: nil when `x` is finite and `admits` it.
    static func check(
        _ setting: String, _ x: Double, _ requirement: String, admits: (Double) -> Bool
    ) -> SettingProblem? {
        guard x.isFinite else {
            return .outOfRange(
                setting: setting, requirement: "a finite number \(requirement)", found: x)
        }
        return admits(x) ? nil : .outOfRange(setting: setting, requirement: requirement, found: x)
    }

    /// A whole number without ".0"; others as Swift writes them ("0.5", "nan").
    private static func text(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
    }
}
