import Incidents
import InputSafety

extension DispatchConfig {
    /// The longest acknowledgement timeout accepted: a week.
    static let longestTimeout = 7 * 24 * 3600.0

    func validate() throws {
        try validateGrids()
        try validateForces()
        try validateRules()
    }

    private func validateGrids() throws {
        var ids = Set<String>()
        for (i, grid) in grids.enumerated() {
            guard !grid.id.isEmpty else { throw ConfigError("grids[\(i)].id: empty") }
            guard ids.insert(grid.id).inserted else { throw ConfigError("grids[\(i)].id: '\(grid.id)' is used twice") }
            guard grid.polygon.count >= 3 else { throw ConfigError("grids[\(i)].polygon: needs at least 3 corners") }
            for (j, corner) in grid.polygon.enumerated() {
                let at = "grids[\(i)].polygon[\(j)]"
                guard corner.count == 2 else { throw ConfigError("\(at): give [longitude, latitude] in degrees") }
                try degrees(corner[0], "longitude", within: 180, at)
                try degrees(corner[1], "latitude", within: 90, at)
            }
        }
    }

    private func validateForces() throws {
        var ids = Set<String>()
        for (i, force) in forces.enumerated() {
            let at = "forces[\(i)]"
            guard !force.id.isEmpty else { throw ConfigError("\(at).id: empty") }
            guard ids.insert(force.id).inserted else { throw ConfigError("\(at).id: '\(force.id)' is used twice") }
            if let position = force.position {
                guard position.count == 2 else { throw ConfigError("\(at).position: give [latitude, longitude]") }
                try degrees(position[0], "latitude", within: 90, "\(at).position")
                try degrees(position[1], "longitude", within: 180, "\(at).position")
            }
            if (force.type == .patrol || force.type == .policePost), force.position == nil {
                throw ConfigError("\(at).position: a \(force.type.rawValue) needs a position to find the nearest")
            }
            if force.type.audience == .community {
                guard let grid = force.grid else { throw ConfigError("\(at).grid: a \(force.type.rawValue) needs a home grid") }
                guard grids.contains(where: { $0.id == grid }) else { throw ConfigError("\(at).grid: no grid '\(grid)'") }
            }
            if let webhook = force.webhook {
                if let problem = WebhookURL.problem(webhook.url) {
                    throw ConfigError("\(at).webhook.url: '\(URLCredentials.masked(webhook.url))' cannot be used: \(problem)")
                }
                guard webhook.secret.count >= 16 else { throw ConfigError("\(at).webhook.secret: use at least 16 characters") }
            }
        }
    }

    private func validateRules() throws {
        var names = Set<String>()
        for (i, rule) in rules.enumerated() {
            guard names.insert(rule.name).inserted else { throw ConfigError("rules[\(i)].name: '\(rule.name)' is used twice") }
            guard !rule.send.isEmpty else { throw ConfigError("rules[\(i)].send: empty") }
            if let timeout = rule.acknowledgeWithin, !(timeout > 0 && timeout <= Self.longestTimeout) {
                throw ConfigError("rules[\(i)].acknowledge_within: \(timeout) is not a number of seconds within 0 (excluded) and "
                                  + "\(Int(Self.longestTimeout)) (a week)")
            }
            for (t, tier) in rule.tiers.enumerated() {
                for (s, selection) in tier.enumerated() where (selection.units ?? 1) < 1 {
                    throw ConfigError("rules[\(i)].\(t == 0 ? "send" : "escalate[\(t - 1)]")[\(s)].units: must be 1 or more")
                }
            }
            if let kind = rule.when?.kind, Sighting.Kind(rawValue: kind) == nil {
                throw ConfigError("rules[\(i)].when.kind: '\(kind)' is not face, plate, motion or alarm")
            }
        }
    }

    /// NaN passes a range check written as `abs(x) > limit` and reads badly in "not within": it is named for what it is.
    private func degrees(_ value: Double, _ name: String, within limit: Double, _ at: String) throws {
        guard value.isFinite else { throw ConfigError("\(at): \(name) \(value) is not a finite number") }
        guard abs(value) <= limit else { throw ConfigError("\(at): \(name) \(value) is not within ±\(Int(limit))") }
    }
}
