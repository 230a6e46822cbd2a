/// Why a seed was refused. A struct over a private enum, so cases can be added without breaking callers.
public struct SeedError: Error, Sendable, Equatable, CustomStringConvertible {
    private enum Internal: Equatable {
        case notEmpty
        case badPlan(String)
    }

    private let value: Internal

    /// The database already holds sightings and the seed was not asked to append.
    public static var notEmpty: Self { Self(value: .notEmpty) }

    static func badPlan(_ problem: String) -> Self { Self(value: .badPlan(problem)) }

    public var description: String {
        switch value {
        case .notEmpty: "the database already holds sightings; a seed adds to them only when asked to append"
        case .badPlan(let problem): "cannot seed: \(problem)"
        }
    }
}
