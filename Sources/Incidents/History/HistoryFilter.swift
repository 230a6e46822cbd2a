public import Foundation
public import Severities

/// What an investigator narrows incidents or sightings by. Empty lists and nil values do not filter. The scope
/// fields (`onlyGrids`, `onlyForce`) are set from the caller's role, never from the request.
public struct HistoryFilter: Sendable, Equatable {
    public var cameras: [String] = []
    public var kinds: [Sighting.Kind] = []
    public var types: [Incident.IncidentType] = []
    public var severities: [Severity] = []
    public var statuses: [Incident.Status] = []
    public var watchlists: [String] = []
    /// The identity or plate an incident is about, exactly; for sightings, the label.
    public var subject: String?
    public var plate: PlateQuery?
    public var grids: [String] = []
    public var from: Date?
    public var to: Date?
    /// Newest first unless false.
    public var newestFirst = true
    /// Incidents one reviewer has (or has not) marked reviewed; nil does not filter.
    public var review: ReviewFilter?

    /// A community caller sees only its own grid's cameras.
    public var onlyGrids: [String]?
    /// A patrol caller sees only incidents its force has orders for.
    public var onlyForce: String?

    public init() {}

    /// Only the scope of this filter (the caller's limits), without the other filters.
    public var scopeOnly: HistoryFilter {
        var scope = HistoryFilter()
        scope.onlyGrids = onlyGrids
        scope.onlyForce = onlyForce
        return scope
    }

    /// A stable text of the filter, for cursors: a cursor only continues the query it came from.
    var fingerprint: String {
        let parts: [String] = [
            cameras.joined(separator: ","), kinds.map(\.rawValue).joined(separator: ","),
            types.map(\.rawValue).joined(separator: ","), severities.map(\.rawValue).joined(separator: ","),
            statuses.map(\.rawValue).joined(separator: ","), watchlists.joined(separator: ","), subject ?? "",
            plate?.description ?? "", grids.joined(separator: ","), from.map { "\($0.timeIntervalSince1970)" } ?? "",
            to.map { "\($0.timeIntervalSince1970)" } ?? "", newestFirst ? "desc" : "asc",
            onlyGrids?.joined(separator: ",") ?? "*", onlyForce ?? "*",
            review.map { "\($0.reviewed ? "reviewed" : "unreviewed"):\($0.reviewer)" } ?? "",
        ]
        return parts.joined(separator: "|")
    }
}

/// Incidents one reviewer has or has not marked reviewed.
public struct ReviewFilter: Sendable, Equatable {
    public var reviewer: String
    public var reviewed: Bool

    public init(reviewer: String, reviewed: Bool) {
        self.reviewer = reviewer
        self.reviewed = reviewed
    }
}

/// Where a page starts and how many rows it holds.
public struct PageRequest: Sendable, Equatable {
    public static let defaultLimit = 50
    public static let maximumLimit = 500

    public var limit: Int
    public var cursor: String?

    public init(limit: Int = PageRequest.defaultLimit, cursor: String? = nil) throws(HistoryQueryError) {
        guard (1...Self.maximumLimit).contains(limit) else {
            throw .invalid("limit", "must be 1 to \(Self.maximumLimit)")
        }
        self.limit = limit
        self.cursor = cursor
    }

    /// A page size the store chooses itself (exports, trajectories), beyond the cap on what a client may ask.
    package init(internal limit: Int, cursor: String? = nil) {
        self.limit = limit
        self.cursor = cursor
    }
}

/// One page of results and the cursor of the next (nil on the last page).
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var nextCursor: String?
}
