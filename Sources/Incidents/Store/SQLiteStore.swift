public import Foundation
public import GRDB

/// `IncidentStore` behind the async store protocols: every call is one of GRDB's async reads or writes, which run
/// on GRDB's own reader and writer queues (not on the cooperative pool, and not on a new thread per call).
///
/// ```swift
/// let records: any RecordStore = store.async
/// let page = try await records.incidents(matching: filter, page: PageRequest())
/// ```
public struct SQLiteStore: Sendable {
    public let store: IncidentStore

    public init(_ store: IncidentStore) { self.store = store }

    /// `work` on the store, inside one async read: several calls see one snapshot.
    public func reading<Value: Sendable>(_ work: @escaping @Sendable (IncidentStore) throws -> Value) async throws -> Value {
        try await read { db in try work(store.bound(to: db)) }
    }

    /// `work` on the store, inside one async write transaction: it commits whole or not at all.
    public func writing<Value: Sendable>(_ work: @escaping @Sendable (IncidentStore) throws -> Value) async throws -> Value {
        try await write { db in try work(store.bound(to: db)) }
    }

    /// An async read whose SQLite errors come out as `StoreError`s.
    public func read<Value: Sendable>(_ body: @escaping @Sendable (Database) throws -> Value) async throws -> Value {
        do { return try await store.writer.read(body) } catch let error as DatabaseError { throw StoreError(error) }
    }

    /// An async write transaction whose SQLite errors come out as `StoreError`s.
    public func write<Value: Sendable>(_ body: @escaping @Sendable (Database) throws -> Value) async throws -> Value {
        do { return try await store.writer.write(body) } catch let error as DatabaseError { throw StoreError(error) }
    }
}

extension IncidentStore {
    /// This store's async face, for code running on the cooperative pool.
    public var async: SQLiteStore { SQLiteStore(self) }
}

extension SQLiteStore: HistoryStore {
    public func incidents(matching filter: HistoryFilter, page: PageRequest) async throws -> Page<IncidentRow> {
        try await reading { try $0.incidents(matching: filter, page: page) }
    }

    public func incident(id: Int64, scope: HistoryFilter = HistoryFilter()) async throws -> IncidentRow? {
        try await reading { try $0.incident(id: id, scope: scope) }
    }

    public func cameras(inGrids grids: [String]?) async throws -> [Camera] {
        try await reading { try $0.cameras(inGrids: grids) }
    }

    public func incidentCount(matching filter: HistoryFilter) async throws -> Int {
        try await reading { try $0.incidentCount(matching: filter) }
    }

    public func markReviewed(_ ids: [Int64], by reviewer: String, scope: HistoryFilter) async throws -> Int {
        try await writing { try $0.markReviewed(ids, by: reviewer, scope: scope) }
    }

    public func reviewTimes(of ids: [Int64], by reviewer: String) async throws -> [Int64: Date] {
        try await reading { try $0.reviewTimes(of: ids, by: reviewer) }
    }

    public func sightings(matching filter: HistoryFilter, page: PageRequest) async throws -> Page<SightingRow> {
        try await reading { try $0.sightings(matching: filter, page: page) }
    }

    public func sightings(ids: [Int64], scope: HistoryFilter = HistoryFilter()) async throws -> [SightingRow] {
        try await reading { try $0.sightings(ids: ids, scope: scope) }
    }

    public func sightingIds(of incident: Incident, limit: Int = 200) async throws -> [Int64] {
        try await reading { try $0.sightingIds(of: incident, limit: limit) }
    }

    public func visibleSighting(id: Int64, scope: HistoryFilter) async throws -> Sighting? {
        try await reading { try $0.visibleSighting(id: id, scope: scope) }
    }

    public func trajectory(plate: PlateQuery, from: Date?, to: Date?, scope: HistoryFilter = HistoryFilter(),
                           speedLimitKmh: Double = 150) async throws -> Trajectory {
        try await reading { try $0.trajectory(plate: plate, from: from, to: to, scope: scope, speedLimitKmh: speedLimitKmh) }
    }

    public func trajectory(identity id: Int64, from: Date?, to: Date?, scope: HistoryFilter = HistoryFilter(),
                           speedLimitKmh: Double = 150) async throws -> (WatchlistIdentity, Trajectory)? {
        try await reading { try $0.trajectory(identity: id, from: from, to: to, scope: scope, speedLimitKmh: speedLimitKmh) }
    }
}

extension SQLiteStore: WatchlistStore {
    public func faceWatchlist() async throws -> [(WatchlistIdentity, [FaceSample])] {
        try await reading { try $0.faceWatchlist() }
    }

    public func photoCount(identity id: Int64) async throws -> Int { try await reading { try $0.photoCount(identity: id) } }

    public func removeIdentity(id: Int64) async throws -> Bool { try await writing { try $0.removeIdentity(id: id) } }

    public func plateHotlist() async throws -> [WatchlistPlate] { try await reading { try $0.plateHotlist() } }

    public func listedPlate(_ pattern: String) async throws -> WatchlistPlate? {
        try await reading { try $0.listedPlate(pattern) }
    }

    public func listPlates(_ plates: [WatchlistPlate]) async throws { try await writing { try $0.listPlates(plates) } }

    public func removePlate(_ pattern: String) async throws -> Bool { try await writing { try $0.removePlate(pattern) } }
}

extension SQLiteStore: AccessStore {
    public func liveToken(secretHash: String) async throws -> APIToken? {
        try await reading { try $0.liveToken(secretHash: secretHash) }
    }

    public func isLive(tokenId: Int64?) async throws -> Bool { try await reading { try $0.isLive(tokenId: tokenId) } }

    public func audit(_ entry: AuditEntry) async throws { try await writing { try $0.audit(entry) } }

    public func auditEntries(actor: String? = nil, from: Date? = nil, to: Date? = nil, beforeId: Int64? = nil,
                             limit: Int = 100) async throws -> [AuditEntry] {
        try await reading { try $0.auditEntries(actor: actor, from: from, to: to, beforeId: beforeId, limit: limit) }
    }
}

extension SQLiteStore: FeedStore {
    public func feedEvents(after id: Int64, limit: Int = 200) async throws -> [FeedEvent] {
        try await reading { try $0.feedEvents(after: id, limit: limit) }
    }

    public func latestFeedEventId() async throws -> Int64 { try await reading { try $0.latestFeedEventId() } }
}
