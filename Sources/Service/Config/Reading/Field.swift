import Yams

/// A node of the config and the path that names it in messages, e.g. `cameras[3].url`.
struct Field {
    let node: Node
    let path: String

    var line: Int? { node.mark?.line }

    func path(_ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }
}

/// A mapping's entries by key; entries whose value is null are left out, so they read as not given.
struct MappingFields {
    let field: Field
    let entries: [String: Field]

    subscript(key: String) -> Field? { entries[key] }

    /// Where a missing key would go: the mapping's own line.
    func path(_ key: String) -> String { field.path(key) }
}
