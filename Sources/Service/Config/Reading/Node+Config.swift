import Yams

/// How the config reads Yams' nodes: scalars by their text, nulls as absent, and what to call a node in a message.
extension Node {
    /// `~`, `null` or nothing, written plainly.
    var isNull: Bool {
        guard case .scalar(let scalar) = self, scalar.style == .plain || scalar.style == .any else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    var isMapping: Bool {
        if case .mapping = self { return true }
        return false
    }

    /// The text of a scalar; nil for a mapping or a list.
    var text: String? {
        if case .scalar(let scalar) = self { return scalar.string }
        return nil
    }

    /// For messages: `'two'` for a scalar (shortened), `a mapping`, `a list`.
    var kindDescription: String {
        switch self {
        case .scalar(let scalar): return quoted(scalar.string)
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }
}

/// A value as messages show it: in quotes, at most 60 characters.
func quoted(_ text: String) -> String {
    let shown = text.count > 60 ? text.prefix(57) + "…" : Substring(text)
    return "'\(shown)'"
}
