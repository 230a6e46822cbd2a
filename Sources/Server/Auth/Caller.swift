import Dispatching
public import Incidents

/// Who is calling, from their token: what the routes read to authorise and scope a request.
public struct Caller: Sendable, Equatable {
    public var tokenId: Int64?
    public var name: String
    public var role: Role
    public var grid: String?
    public var force: String?

    public init(tokenId: Int64?, name: String, role: Role, grid: String? = nil, force: String? = nil) {
        self.tokenId = tokenId
        self.name = name
        self.role = role
        self.grid = grid
        self.force = force
    }

    /// Community forces see redacted incidents; everyone else is police.
    public var audience: Audience { role == .community || role == .device ? .community : .police }

    /// History filters on what this caller's redaction hides (`Audience.redact`): a community token filtering by
    /// `subject` or `watchlist` would learn who an incident is about, or which list, from which rows come back.
    public var hiddenFilters: Set<String> {
        audience == .community ? ["subject", "watchlist"] : []
    }

    /// The limits every history query of this caller carries: a community token sees its own grid only (none if
    /// the token has no grid), a patrol token only incidents its force was sent to.
    public var scope: HistoryFilter {
        var filter = HistoryFilter()
        switch role {
        case .community: filter.onlyGrids = grid.map { [$0] } ?? []
        case .device: filter.onlyGrids = []  // a device reads nothing
        case .patrol: filter.onlyForce = ownForceOnly
        case .admin, .investigator, .dispatcher: break
        }
        return filter
    }

    /// Patrol and community callers see and act on their own force's orders only (none without a force).
    public var ownForceOnly: String? {
        role == .patrol || role == .community || role == .device ? force ?? "" : nil
    }

    /// Whether this caller may act on (acknowledge, …) an order of `force`.
    public func mayAct(onOrderOf force: String) -> Bool {
        switch role {
        case .admin, .dispatcher: true
        case .patrol, .community: ownForceOnly == force
        case .investigator, .device: false
        }
    }
}
