import Incidents

extension PlateQuery {
    /// The condition on a text column: `=` for an exact plate, `LIKE` for a `*`/`?` pattern (plate characters hold
    /// no `%`, `_` or `\`, so nothing needs escaping; a prefix uses the `text_pattern_ops` index, any other position
    /// the trigram index), `= ANY` over the confusion variants for a fuzzy one.
    func condition(on column: String, _ conditions: inout PostgresConditions) -> String {
        switch mode {
        case .exact: return "\(column) = \(conditions.bind(text))"
        case .wildcard:
            let pattern = String(text.map { $0 == "*" ? "%" : $0 == "?" ? "_" : $0 })
            return "\(column) LIKE \(conditions.bind(pattern))"
        case .fuzzy: return "\(column) = ANY(\(conditions.bind(lookupTexts)))"
        }
    }
}
