import Foundation
public import InputSafety
public import Incidents
public import Severities
import Yams

/// Forces, grids and rules, read from YAML.
///
/// ```yaml
/// forces:
///   - {id: patrol-1, name: Patrol 1, type: patrol, position: [45.761, 126.652],
///      webhook: {url: "https://unit-1.example/alerts", secret: "…"}}
///   - {id: grid-a, name: Grid A worker, type: grid_worker, grid: A, webhook: {url: "…", secret: "…"}}
/// grids:
///   - {id: A, name: Daoli north, polygon: [[126.60, 45.74], [126.70, 45.74], [126.70, 45.78], [126.60, 45.78]]}
/// rules:
///   - name: stolen plates
///     when: {kind: plate, severity: [high, critical]}
///     send: [{type: patrol, units: 2}, {type: grid_worker}]
///     acknowledge_within: 120
///     escalate: [[{type: command_centre}]]
///     acknowledged_by: [patrol, police_post]   # optional; default: every police-audience type
/// ```
public struct DispatchConfig: Sendable {
    public struct Webhook: Codable, Sendable {
        public var url: String
        public var secret: String
    }

    public struct Force: Codable, Sendable {
        public var id: String
        public var name: String
        public var type: ForceType
        /// [latitude, longitude] of a unit's position or a post's address.
        public var position: [Double]?
        /// The grid a community force looks after.
        public var grid: String?
        /// available (default), busy or off_duty.
        public var status: Status?
        public var webhook: Webhook?

        public enum Status: String, Codable, Sendable { case available, busy, offDuty = "off_duty" }

        public var isAvailable: Bool { (status ?? .available) == .available }
        var coordinate: Coordinate? { position.map { Coordinate(latitude: $0[0], longitude: $0[1]) } }
    }

    public struct Grid: Codable, Sendable {
        public var id: String
        public var name: String?
        /// [longitude, latitude] corners.
        public var polygon: [[Double]]
    }

    /// Which forces to send: a type, and for patrol units and posts how many of the nearest.
    public struct Selection: Codable, Sendable {
        public var type: ForceType
        public var units: Int?
    }

    public struct Condition: Codable, Sendable {
        public var kind: String?
        public var severity: [Severity]?
        public var watchlist: [String]?
    }

    public struct Rule: Codable, Sendable {
        public var name: String
        public var when: Condition?
        public var send: [Selection]
        /// Seconds an order may wait for an acknowledgement before the next tier is sent.
        public var acknowledgeWithin: Double?
        /// Tiers tried in turn when nobody acknowledges.
        public var escalate: [[Selection]]?
        /// The force types whose acknowledgement makes the incident acknowledged; nil: the police-audience types.
        public var acknowledgedBy: [ForceType]? = nil

        enum CodingKeys: String, CodingKey {
            case name, when, send, acknowledgeWithin = "acknowledge_within", escalate, acknowledgedBy = "acknowledged_by"
        }

        /// Whether an acknowledgement by `type` is the incident's response under `rule` (a rule no longer
        /// configured: the police-audience types, as when the rule names none).
        public static func countsAsResponse(_ type: ForceType, in rule: Rule?) -> Bool {
            rule?.acknowledgedBy.map { $0.contains(type) } ?? (type.audience == .police)
        }

        /// Tier 0 is `send`, then each escalation tier.
        public var tiers: [[Selection]] { [send] + (escalate ?? []) }
        public var timeout: Double { acknowledgeWithin ?? 120 }
    }

    public var forces: [Force]
    public var grids: [Grid]
    public var rules: [Rule]

    private struct File: Codable {
        var forces: [Force]?
        var grids: [Grid]?
        var rules: [Rule]?
    }

    /// The first rule whose conditions the incident meets: the one that dispatches it.
    public func rule(for incident: Incident) -> Rule? {
        rules.first { rule in
            guard let when = rule.when else { return true }
            if let kind = when.kind, kind != incident.kind.rawValue { return false }
            if let severities = when.severity, !severities.contains(incident.severity) { return false }
            if let lists = when.watchlist, !lists.contains(incident.watchlist ?? "") { return false }
            return true
        }
    }

    public init(forces: [Force], grids: [Grid], rules: [Rule]) throws {
        self.forces = forces
        self.grids = grids
        self.rules = rules
        try validate()
    }

    /// Parses and validates YAML; errors name the field, e.g. `forces[2].position: …`. Text over 1 MiB, control
    /// characters, anchors and aliases, tags and nesting deeper than 64 levels are refused before Yams reads it (an
    /// alias bomb of a few hundred bytes would otherwise cost minutes of CPU).
    public init(yaml: String) throws {
        try Self.screen(yaml)
        let file: File
        do {
            file = try YAMLDecoder().decode(File.self, from: yaml)
        } catch let error as DecodingError {
            throw ConfigError(Self.describe(error))
        } catch {
            throw ConfigError(.syntax, "not valid YAML: \(error)")
        }
        try self.init(forces: file.forces ?? [], grids: file.grids ?? [], rules: file.rules ?? [])
    }

    /// Reads the file (refused unread when over 1 MiB or not a regular file), then as ``init(yaml:)``.
    public init(path: String) throws {
        do {
            try self.init(yaml: try Self.read(path))
        } catch let error as ConfigError {
            throw ConfigError(error.kind, "\(path): \(error.message)")
        }
    }

    public func force(id: String) -> Force? { forces.first { $0.id == id } }
    public func rule(named name: String) -> Rule? { rules.first { $0.name == name } }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
                .trimmingCharacters(in: CharacterSet(charactersIn: "."))
        }
        switch error {
        case .keyNotFound(let key, let context):
            let at = path(context)
            return "\(at.isEmpty ? "" : at + ".")\(key.stringValue): missing"
        case .typeMismatch(_, let context), .dataCorrupted(let context):
            return "\(path(context)): \(context.debugDescription)"
        case .valueNotFound(_, let context):
            return "\(path(context)): missing value"
        @unknown default:
            return "\(error)"
        }
    }
}

/// A dispatch configuration that cannot be used, naming the field at fault.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    /// What kind of problem: cases may be added.
    public typealias Kind = ConfigErrorKind

    public let kind: Kind
    public let message: String

    init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    init(_ message: String) { self.init(.invalid, message) }

    public var description: String { message }
}
