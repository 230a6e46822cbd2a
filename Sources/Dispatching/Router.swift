import Incidents

/// Picks the units for one tier of a rule, for an incident at a place.
struct Router {
    let config: DispatchConfig

    struct Assignment: Equatable {
        let force: DispatchConfig.Force
        let distanceMeters: Double?

        static func == (a: Assignment, b: Assignment) -> Bool { a.force.id == b.force.id }
    }

    /// The grid holding `location`, if any.
    func grid(at location: Coordinate?) -> DispatchConfig.Grid? {
        guard let location else { return nil }
        return config.grids.first { $0.contains(location) }
    }

    /// Available units for each selection: the nearest patrol units and posts, the grid's community forces,
    /// every command centre. Units already `excluded` (sent in an earlier tier) are not sent again.
    func assign(_ tier: [DispatchConfig.Selection], at location: Coordinate?, excluding excluded: Set<String>) -> [Assignment] {
        let grid = grid(at: location)
        var chosen: [Assignment] = []
        for selection in tier {
            let candidates = config.forces.filter {
                $0.type == selection.type && $0.isAvailable && !excluded.contains($0.id) && !chosen.map(\.force.id).contains($0.id)
            }
            switch selection.type {
            case .patrol, .policePost:
                let ranked = candidates.map { force in
                    Assignment(force: force, distanceMeters: zip(location, force.coordinate).map { $0.distance(to: $1) })
                }.sorted { ($0.distanceMeters ?? .infinity) < ($1.distanceMeters ?? .infinity) }
                chosen += ranked.prefix(selection.units ?? 1)
            case .gridWorker, .volunteer:
                guard let grid else { continue }
                chosen += candidates.filter { $0.grid == grid.id }.prefix(selection.units ?? .max)
                    .map { Assignment(force: $0, distanceMeters: nil) }
            case .commandCentre:
                chosen += candidates.prefix(selection.units ?? .max).map { Assignment(force: $0, distanceMeters: nil) }
            }
        }
        return chosen
    }
}

private func zip<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}
