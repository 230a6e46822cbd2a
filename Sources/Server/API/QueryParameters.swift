import Foundation
import Hummingbird
import Incidents
import InputSafety
import Severities

/// A request's query string, checked: unknown parameters, control characters (NUL included), repeated single
/// values, bad numbers and dates are 400s that name the parameter. What was asked is kept for the audit log.
struct QueryParameters {
    private let pairs: [(name: String, value: String)]

    init(_ request: Request, allowed: Set<String>) throws {
        pairs = request.uri.queryParameters.map { (String($0.key), String($0.value)) }
        if let unknown = pairs.first(where: { !allowed.contains($0.name) }) {
            throw Self.invalid(unknown.name, "unknown parameter (this route takes \(allowed.sorted().joined(separator: ", ")))")
        }
        if let long = pairs.first(where: { $0.value.count > 256 }) { throw Self.invalid(long.name, "longer than 256 characters") }
        for pair in pairs { _ = try Self.text(pair.value, named: pair.name) }
    }

    /// `value` if it holds no control character (a NUL would cut it short in C; others hide text on a terminal or
    /// in a log), else a 400 naming the parameter: for query strings and form fields alike.
    @discardableResult
    static func text(_ value: String, named name: String) throws -> String {
        if let problem = TextChecks.controlCharacter(in: value) { throw invalid(name, problem) }
        return value
    }

    /// The parameters as given, for auditing a refused request: what was asked, even when it could not be read.
    static func given(_ request: Request) -> [String: String] {
        let pairs = request.uri.queryParameters.prefix(32).map { (String($0.key.prefix(64)), String($0.value.prefix(256))) }
        return Dictionary(pairs, uniquingKeysWith: { "\($0),\($1)" })
    }

    /// Every value of a parameter, repeated (`camera=a&camera=b`) or comma-separated (`camera=a,b`).
    func all(_ name: String) -> [String] {
        pairs.filter { $0.name == name }.flatMap { $0.value.split(separator: ",").map(String.init) }.filter { !$0.isEmpty }
    }

    func one(_ name: String) throws -> String? {
        let values = pairs.filter { $0.name == name }
        guard values.count <= 1 else { throw Self.invalid(name, "given more than once") }
        return values.first.map(\.value)
    }

    func integer(_ name: String) throws -> Int? {
        guard let text = try one(name) else { return nil }
        guard let value = Int(text) else { throw Self.invalid(name, "'\(text)' is not a whole number") }
        return value
    }

    func flag(_ name: String) throws -> Bool? {
        guard let text = try one(name) else { return nil }
        switch text.lowercased() {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: throw Self.invalid(name, "'\(text)' is not true or false")
        }
    }

    /// ISO 8601 with or without fractional seconds (`2026-11-30T08:00:00Z`, `…+08:00`), or a day (`2026-11-30`, UTC).
    func date(_ name: String) throws -> Date? {
        try one(name).map { try Self.date($0, named: name) }
    }

    /// `text` as a time, or a 400 naming the parameter (query strings and form fields alike).
    static func date(_ text: String, named name: String) throws -> Date {
        guard let date = parseDate(text) else {
            throw invalid(name, "'\(text)' is not an ISO 8601 time such as 2026-11-30T08:00:00Z")
        }
        return date
    }

    /// An IANA time zone (`Asia/Shanghai`), or a 400 naming the parameter.
    func timeZone(_ name: String) throws -> TimeZone? {
        guard let text = try one(name) else { return nil }
        guard let zone = TimeZone(identifier: text) else {
            throw Self.invalid(name, "'\(text)' is not a time zone name such as Asia/Shanghai")
        }
        return zone
    }

    func values<Value: RawRepresentable>(_ name: String, as type: Value.Type) throws -> [Value] where Value.RawValue == String {
        try all(name).map { text in
            guard let value = Value(rawValue: text) else { throw Self.invalid(name, "'\(text)' is not a known value") }
            return value
        }
    }

    /// The parameters as the audit log records them.
    var audited: [String: String] {
        Dictionary(pairs.map { ($0.name, $0.value) }, uniquingKeysWith: { "\($0),\($1)" })
    }

    static func parseDate(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withFullDate]
        return text.count == 10 ? formatter.date(from: text) : nil
    }

    static func invalid(_ name: String, _ problem: String) -> ServerError {
        .invalid(field: name, message: "\(name): \(problem)")
    }
}

extension QueryParameters {
    static let historyNames: Set<String> = [
        "camera", "kind", "type", "severity", "status", "watchlist", "subject", "plate", "fuzzy", "grid", "from", "to", "order",
    ]

    /// The filters incidents and sightings share, limited to what `caller` may see (the scope comes from the
    /// token's role, never from the request).
    /// Filters on what the caller's redaction hides are refused (403), not applied: the answer would stay
    /// redacted but say which rows are about whom.
    func historyFilter(for caller: Caller) throws -> HistoryFilter {
        if let hidden = pairs.first(where: { caller.hiddenFilters.contains($0.name) }) {
            throw ServerError.forbidden("\(hidden.name): the \(caller.role.rawValue) role may not filter by what it is not shown")
        }
        var filter = HistoryFilter()
        filter.onlyGrids = caller.scope.onlyGrids
        filter.onlyForce = caller.scope.onlyForce
        filter.cameras = all("camera")
        filter.kinds = try values("kind", as: Sighting.Kind.self)
        filter.types = try values("type", as: Incident.IncidentType.self)
        filter.severities = try all("severity").map { text in
            guard let severity = Severity(rawValue: text) else { throw Self.invalid("severity", "'\(text)' is not one of \(Severity.names)") }
            return severity
        }
        filter.statuses = try values("status", as: Incident.Status.self)
        filter.watchlists = all("watchlist")
        filter.subject = try one("subject")
        if let plate = try one("plate") { filter.plate = try PlateQuery(plate, fuzzy: try integer("fuzzy") ?? 0) }
        filter.grids = all("grid")
        filter.from = try date("from")
        filter.to = try date("to")
        if let from = filter.from, let to = filter.to, from >= to { throw Self.invalid("to", "must be after from") }
        switch try one("order") {
        case nil, "desc": filter.newestFirst = true
        case "asc": filter.newestFirst = false
        case let other?: throw Self.invalid("order", "'\(other)' is neither asc nor desc")
        }
        return filter
    }

    func page() throws -> PageRequest {
        try PageRequest(limit: try integer("limit") ?? PageRequest.defaultLimit, cursor: try one("cursor"))
    }
}
