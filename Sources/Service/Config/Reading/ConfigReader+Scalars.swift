import Yams

/// Strings, numbers and flags, with the wrong type, NaN, infinity and out-of-range values logged.
extension ConfigReader {
    func string(_ field: Field) -> String? {
        guard let text = field.node.text else {
            log.add(field, "expected a string, got \(field.node.kindDescription)")
            return nil
        }
        guard !text.isEmpty else {
            log.add(field, "must not be empty")
            return nil
        }
        return text
    }

    func integer(_ field: Field, in range: ClosedRange<Int>) -> Int? {
        guard let text = field.node.text, let value = Int(text) else {
            log.add(field, "expected an integer, got \(field.node.kindDescription)")
            return nil
        }
        guard range.contains(value) else {
            log.add(field, "must be \(range.lowerBound) to \(range.upperBound), got \(value)")
            return nil
        }
        return value
    }

    func number(_ field: Field, _ rule: NumberRule) -> Double? {
        guard let text = field.node.text, let value = Self.parseNumber(text) else {
            log.add(field, "expected a number, got \(field.node.kindDescription)")
            return nil
        }
        guard value.isFinite else {
            log.add(field, "must be a finite number, got \(quoted(text))")
            return nil
        }
        guard rule.accepts(value) else {
            log.add(field, "must be \(rule.text), got \(text)")
            return nil
        }
        return value
    }

    func flag(_ field: Field) -> Bool? {
        switch field.node.text?.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            log.add(field, "expected true or false, got \(field.node.kindDescription)")
            return nil
        }
    }

    /// Swift's number syntax plus YAML's `.inf`, `-.inf` and `.nan` (which are then refused as not finite).
    static func parseNumber(_ text: String) -> Double? {
        if let value = Double(text) { return value }
        let unsigned = text.hasPrefix("-") || text.hasPrefix("+") ? text.dropFirst() : Substring(text)
        switch unsigned.lowercased() {
        case ".inf": return text.hasPrefix("-") ? -.infinity : .infinity
        case ".nan": return .nan
        default: return nil
        }
    }
}

/// What a number must be, and how to say it: `0.1 to 1.2`, `0 or more`, `more than 0 and at most 60`.
struct NumberRule {
    let accepts: (Double) -> Bool
    let text: String

    static func within(_ range: ClosedRange<Double>) -> Self {
        Self(accepts: range.contains, text: "\(formatted(range.lowerBound)) to \(formatted(range.upperBound))")
    }

    static func atLeast(_ minimum: Double) -> Self {
        Self(accepts: { $0 >= minimum }, text: "\(formatted(minimum)) or more")
    }

    static func above(_ minimum: Double, atMost maximum: Double) -> Self {
        Self(accepts: { $0 > minimum && $0 <= maximum }, text: "more than \(formatted(minimum)) and at most \(formatted(maximum))")
    }
}
