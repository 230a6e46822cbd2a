import Yams

/// Mappings and lists, with unknown keys refused.
extension ConfigReader {
    /// The entries of a mapping whose keys must all be in `known`.
    func mapping(_ field: Field, known: [String]) -> MappingFields? {
        guard case .mapping(let mapping) = field.node else {
            log.add(field, "expected a mapping, got \(field.node.kindDescription)")
            return nil
        }
        var entries: [String: Field] = [:]
        for (keyNode, value) in mapping {
            guard let key = keyNode.text else {
                log.add(field.path, line: keyNode.mark?.line, "keys must be plain names, got \(keyNode.kindDescription)")
                continue
            }
            let entry = Field(node: value, path: field.path(key.count > 64 ? key.prefix(63) + "…" : key))
            guard known.contains(key) else {
                log.add(entry.path, line: keyNode.mark?.line, unknownKeyMessage(key, known: known))
                continue
            }
            if !value.isNull { entries[key] = entry }
        }
        return MappingFields(field: field, entries: entries)
    }

    func unknownKeyMessage(_ key: String, known: [String]) -> String {
        if let suggestion = KeySuggestion.closest(to: key, among: known) { return "unknown key (did you mean \(suggestion)?)" }
        return "unknown key (expected one of: \(known.joined(separator: ", ")))"
    }

    /// The elements of a list, named `path[i]`.
    func list(_ field: Field) -> [Field]? {
        guard case .sequence(let sequence) = field.node else {
            log.add(field, "expected a list, got \(field.node.kindDescription)")
            return nil
        }
        return sequence.enumerated().map { Field(node: $1, path: "\(field.path)[\($0)]") }
    }

    /// A key that must be given; logs it as missing, on the mapping's line, when it is not.
    func required(_ key: String, in mapping: MappingFields, _ what: String) -> Field? {
        if let field = mapping[key] { return field }
        log.add(mapping.path(key), line: mapping.field.line, "missing: give \(what)")
        return nil
    }
}
