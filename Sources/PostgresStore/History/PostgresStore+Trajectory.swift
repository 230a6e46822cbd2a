public import Foundation
public import Incidents
import PostgresNIO

extension PostgresStore {
    /// Every pass of a plate (any read of it, as `plate` matches) in time order.
    public func trajectory(plate: PlateQuery, from: Date?, to: Date?, scope: HistoryFilter = HistoryFilter(),
                           speedLimitKmh: Double = 150) async throws -> Trajectory {
        var filter = HistoryFilter()
        filter.kinds = [.plate]
        filter.plate = plate
        return try await trajectory(filter, from: from, to: to, scope: scope, speedLimitKmh: speedLimitKmh)
    }

    /// Every face pass matched to a watchlist identity, in time order; nil when there is no such identity.
    public func trajectory(identity id: Int64, from: Date?, to: Date?, scope: HistoryFilter = HistoryFilter(),
                           speedLimitKmh: Double = 150) async throws -> (WatchlistIdentity, Trajectory)? {
        guard let identity = try await rows(#"SELECT * FROM "watchlistIdentity" WHERE "id" = \#(id)"#).first?.identity()
        else { return nil }
        var filter = HistoryFilter()
        filter.kinds = [.face]
        filter.subject = identity.name
        return (identity, try await trajectory(filter, from: from, to: to, scope: scope, speedLimitKmh: speedLimitKmh))
    }

    private func trajectory(_ filter: HistoryFilter, from: Date?, to: Date?, scope: HistoryFilter,
                            speedLimitKmh: Double) async throws -> Trajectory {
        var filter = filter
        filter.from = from
        filter.to = to
        filter.onlyGrids = scope.onlyGrids
        filter.newestFirst = false
        let page = try await sightings(matching: filter, page: PageRequest(internal: IncidentStore.maximumTrajectoryPoints))
        return Trajectory(page.items, truncated: page.nextCursor != nil, speedLimitKmh: speedLimitKmh)
    }
}

extension PostgresStore: HistoryStore {}
