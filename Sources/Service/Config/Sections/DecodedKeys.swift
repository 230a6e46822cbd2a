import Yams

/// Checks a decoded dispatch element against the YAML it came from: Codable ignores keys it does not know, and lets
/// `.nan` and `.inf` through, so both are found here.
///
/// The known keys are the decoded value's stored properties (found by reflection, in snake_case, as Dispatching's
/// coding keys are), so the check follows Dispatching's types as they change.
struct DecodedKeys {
    let log: IssueLog

    func check(_ field: Field, against value: Any) {
        let value = unwrapped(value)
        switch field.node {
        case .mapping(let mapping):
            checkMapping(mapping, at: field, against: value)
        case .sequence(let sequence):
            guard let elements = value as? [Any] else { return }
            for (index, (node, element)) in zip(sequence, elements).enumerated() {
                check(Field(node: node, path: "\(field.path)[\(index)]"), against: element)
            }
        case .scalar, .alias:
            if let number = value as? Double, !number.isFinite {
                log.add(field, "must be a finite number, got \(field.node.kindDescription)")
            }
        }
    }

    private func checkMapping(_ mapping: Node.Mapping, at field: Field, against value: Any) {
        let children = Dictionary(Mirror(reflecting: value).children.compactMap { child in
            child.label.map { (Self.snakeCase($0), child.value) }
        }, uniquingKeysWith: { first, _ in first })
        for (keyNode, valueNode) in mapping where !valueNode.isNull {
            guard let key = keyNode.text else { continue }
            let entry = Field(node: valueNode, path: field.path(key))
            if let child = children[key] {
                check(entry, against: child)
            } else {
                let suggestion = KeySuggestion.closest(to: key, among: children.keys.sorted())
                log.add(entry.path, line: keyNode.mark?.line, "unknown key" + (suggestion.map { " (did you mean \($0)?)" } ?? ""))
            }
        }
    }

    private func unwrapped(_ value: Any) -> Any {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional, let wrapped = mirror.children.first else { return value }
        return unwrapped(wrapped.value)
    }

    /// `acknowledgeWithin` → `acknowledge_within`.
    static func snakeCase(_ name: String) -> String {
        name.reduce(into: "") { result, character in
            result += character.isUppercase ? "_" + character.lowercased() : String(character)
        }
    }
}
