extension DispatchConfig {
    func validate() throws {
        var ids = Set<String>()
        for (i, force) in forces.enumerated() {
            let at = "forces[\(i)]"
            guard !force.id.isEmpty else { throw ConfigError("\(at).id: empty") }
            guard ids.insert(force.id).inserted else { throw ConfigError("\(at).id: '\(force.id)' is used twice") }
            if let position = force.position {
                guard position.count == 2 else { throw ConfigError("\(at).position: give [latitude, longitude]") }
                guard abs(position[0]) <= 90 else { throw ConfigError("\(at).position: latitude \(position[0]) is not within ±90") }
                guard abs(position[1]) <= 180 else { throw ConfigError("\(at).position: longitude \(position[1]) is not within ±180") }
            }
            if (force.type == .patrol || force.type == .policePost), force.position == nil {
                throw ConfigError("\(at).position: a \(force.type.rawValue) needs a position to find the nearest")
            }
            if force.type.audience == .community {
                guard let grid = force.grid else { throw ConfigError("\(at).grid: a \(force.type.rawValue) needs a home grid") }
                guard grids.contains(where: { $0.id == grid }) else { throw ConfigError("\(at).grid: no grid '\(grid)'") }
            }
            if let webhook = force.webhook {
                guard let scheme = webhook.url.split(separator: ":").first, ["http", "https"].contains(scheme.lowercased()) else {
                    throw ConfigError("\(at).webhook.url: '\(webhook.url)' is not an http(s) URL")
                }
                guard webhook.secret.count >= 16 else { throw ConfigError("\(at).webhook.secret: use at least 16 characters") }
            }
        }
        for (i, grid) in grids.enumerated() {
            guard grid.polygon.count >= 3 else { throw ConfigError("grids[\(i)].polygon: needs at least 3 corners") }
            for (j, corner) in grid.polygon.enumerated() where corner.count != 2 || abs(corner[0]) > 180 || abs(corner[1]) > 90 {
                throw ConfigError("grids[\(i)].polygon[\(j)]: give [longitude, latitude] in degrees")
            }
        }
        var names = Set<String>()
        for (i, rule) in rules.enumerated() {
            guard names.insert(rule.name).inserted else { throw ConfigError("rules[\(i)].name: '\(rule.name)' is used twice") }
            guard !rule.send.isEmpty else { throw ConfigError("rules[\(i)].send: empty") }
            if let timeout = rule.acknowledgeWithin, timeout <= 0 {
                throw ConfigError("rules[\(i)].acknowledge_within: must be more than 0 seconds")
            }
            for (t, tier) in rule.tiers.enumerated() {
                for (s, selection) in tier.enumerated() where (selection.units ?? 1) < 1 {
                    throw ConfigError("rules[\(i)].\(t == 0 ? "send" : "escalate[\(t - 1)]")[\(s)].units: must be 1 or more")
                }
            }
            if let kind = rule.when?.kind, !["face", "plate", "motion"].contains(kind) {
                throw ConfigError("rules[\(i)].when.kind: '\(kind)' is not face, plate or motion")
            }
        }
    }
}
