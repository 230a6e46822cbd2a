/// `node: {id: NAME, capacity: N, roles: [analysis, api]}`; every key optional.
extension ConfigReader {
    typealias NodeSettings = ServeConfig.NodeSettings

    func node(_ field: Field?) -> NodeSettings {
        guard let field, let node = mapping(field, known: ["id", "capacity", "roles"]) else { return NodeSettings() }
        let id = node["id"].flatMap(nodeID) ?? NodeSettings.defaultID
        let capacity = node["capacity"].flatMap { integer($0, in: NodeSettings.capacityRange) }
        let roles = node["roles"].flatMap(roles) ?? Set(NodeSettings.Role.allCases)
        return NodeSettings(id: id, capacity: capacity, roles: roles)
    }

    /// Letters, digits, `.`, `-` and `_`, up to 64: it names the node in metrics labels and logs.
    private func nodeID(_ field: Field) -> String? {
        guard let text = string(field) else { return nil }
        guard text.count <= 64, text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) else {
            log.add(field, "\(quoted(text)) must be 1 to 64 letters, digits, '.', '-' or '_'")
            return nil
        }
        return text
    }

    private func roles(_ field: Field) -> Set<NodeSettings.Role>? {
        guard let items = list(field) else { return nil }
        var roles: Set<NodeSettings.Role> = []
        for item in items {
            guard let text = string(item) else { continue }
            guard let role = NodeSettings.Role(rawValue: text) else {
                log.add(item, "\(quoted(text)) is not a role (analysis or api)")
                continue
            }
            roles.insert(role)
        }
        if roles.isEmpty && !items.isEmpty { return nil }
        if roles.isEmpty { log.add(field, "give at least one role: analysis, api or both") }
        return roles.isEmpty ? nil : roles
    }

    /// What a node that runs no cameras cannot have, and a node that holds fewer cameras than its config gives it.
    func checkNode(_ node: NodeSettings, cameras: [ServeConfig.Camera], gb28181: Field?, section: Field?) {
        if !node.runsCameras, let gb28181 {
            log.add(gb28181, "the GB/T 28181 platform runs on an analysis node (it receives the devices' video); "
                + "give this node the analysis role or move the section to one that has it")
        }
        let enabled = cameras.filter(\.enabled).count
        if node.runsCameras, let capacity = node.givenCapacity, enabled > capacity, let section {
            log.add(section.path("capacity"), line: section.line,
                    "\(capacity) is less than the \(enabled) enabled cameras of this config: raise it, or share the cameras out")
        }
    }
}
