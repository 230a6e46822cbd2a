import Foundation

/// Where two lists of pages first differ, in a line short enough to read (a failed `==` on pages prints them whole).
func firstDifference<Item: Equatable>(_ found: [[Item]], _ expected: [[Item]]) -> String? {
    let a = Array(found.joined()), b = Array(expected.joined())
    if let index = a.indices.first(where: { $0 < b.count && a[$0] != b[$0] }) {
        return "row \(index): " + fieldDifference(a[index], b[index])
    }
    if a.count != b.count { return "postgres has \(a.count) rows, sqlite \(b.count)" }
    if found.map(\.count) != expected.map(\.count) { return "pages of \(found.map(\.count)) against \(expected.map(\.count))" }
    return nil
}

/// The first field (by reflection, nested) whose values differ.
private func fieldDifference(_ a: Any, _ b: Any, path: String = "") -> String {
    let left = Mirror(reflecting: a), right = Mirror(reflecting: b)
    if let x = a as? Date, let y = b as? Date {
        return x == y ? "\(path) (same)" : "\(path): postgres \(x.timeIntervalSince1970) sqlite \(y.timeIntervalSince1970)"
    }
    if left.children.isEmpty {
        let x = String(reflecting: a), y = String(reflecting: b)
        return x == y ? "\(path) (same)" : "\(path): postgres \(x) sqlite \(y)"
    }
    for (l, r) in zip(left.children, right.children) where String(reflecting: l.value) != String(reflecting: r.value) {
        return fieldDifference(l.value, r.value, path: path + "." + (l.label ?? "?"))
    }
    // Same text, different values: a Date or Double beyond what its description shows.
    for (l, r) in zip(left.children, right.children) {
        let inner = fieldDifference(l.value, r.value, path: path + "." + (l.label ?? "?"))
        if !inner.hasSuffix("(same)") { return inner }
    }
    return "\(path) (same)"
}
