public import Foundation

// The store as the HTTP API, the live feed and the services see it: async, and free of any database type, so a
// second back end (PostgreSQL, #22) implements the same protocols. `SQLiteStore` is the SQLite implementation.
// The per-camera recording path keeps `IncidentStore`'s synchronous methods: it runs on its camera's own serial
// queue, where a blocking write is the point (back-pressure on that camera alone), never on the cooperative pool.

/// What investigators read: incidents, sightings and trajectories, filtered and paged.
public protocol HistoryStore: Sendable {
    /// One page of incidents matching `filter`.
    func incidents(matching filter: HistoryFilter, page: PageRequest) async throws -> Page<IncidentRow>
    /// One incident, if it exists and `scope` allows it.
    func incident(id: Int64, scope: HistoryFilter) async throws -> IncidentRow?
    /// One page of sightings matching `filter`.
    func sightings(matching filter: HistoryFilter, page: PageRequest) async throws -> Page<SightingRow>
    /// Sightings by id, leaving out those `scope` does not allow.
    func sightings(ids: [Int64], scope: HistoryFilter) async throws -> [SightingRow]
    /// The sightings an incident links.
    func sightingIds(of incident: Incident, limit: Int) async throws -> [Int64]
    /// The sighting, if `scope` lets its caller see it.
    func visibleSighting(id: Int64, scope: HistoryFilter) async throws -> Sighting?
    /// Every camera, by id; only those of `grids` when given.
    func cameras(inGrids grids: [String]?) async throws -> [Camera]
    /// How many incidents match `filter`.
    func incidentCount(matching filter: HistoryFilter) async throws -> Int
    /// Marks the incidents among `ids` that `scope` allows reviewed by `reviewer`; how many were new.
    func markReviewed(_ ids: [Int64], by reviewer: String, scope: HistoryFilter) async throws -> Int
    /// When `reviewer` marked each of `ids` reviewed.
    func reviewTimes(of ids: [Int64], by reviewer: String) async throws -> [Int64: Date]
    /// Every pass of a plate, in time order.
    func trajectory(plate: PlateQuery, from: Date?, to: Date?, scope: HistoryFilter, speedLimitKmh: Double) async throws
        -> Trajectory
    /// Every face pass matched to a watchlist identity; nil when there is no such identity.
    func trajectory(identity id: Int64, from: Date?, to: Date?, scope: HistoryFilter, speedLimitKmh: Double) async throws
        -> (WatchlistIdentity, Trajectory)?
}

/// The face watchlist and the plate hotlist, as the API edits them.
public protocol WatchlistStore: Sendable {
    func faceWatchlist() async throws -> [(WatchlistIdentity, [FaceSample])]
    func photoCount(identity id: Int64) async throws -> Int
    /// False when there was no such identity.
    func removeIdentity(id: Int64) async throws -> Bool
    func plateHotlist() async throws -> [WatchlistPlate]
    func listedPlate(_ pattern: String) async throws -> WatchlistPlate?
    /// Adds or replaces each entry, in one transaction.
    func listPlates(_ plates: [WatchlistPlate]) async throws
    /// False when the pattern was not listed.
    func removePlate(_ pattern: String) async throws -> Bool
}

/// API tokens and the audit log.
public protocol AccessStore: Sendable {
    /// The unrevoked token with this secret hash.
    func liveToken(secretHash: String) async throws -> APIToken?
    /// Whether the token exists and is not revoked (nil: no token, always live).
    func isLive(tokenId: Int64?) async throws -> Bool
    /// Appends to the audit log.
    func audit(_ entry: AuditEntry) async throws
    /// Audit entries newest first.
    func auditEntries(actor: String?, from: Date?, to: Date?, beforeId: Int64?, limit: Int) async throws -> [AuditEntry]
}

/// The live feed: committed incidents and order transitions in commit order.
public protocol FeedStore: Sendable {
    func feedEvents(after id: Int64, limit: Int) async throws -> [FeedEvent]
    /// The newest event's id (0 when there is none).
    func latestFeedEventId() async throws -> Int64
}

/// Everything the HTTP API reads and writes outside dispatch (see `DispatchStore` in Dispatching).
public typealias RecordStore = HistoryStore & WatchlistStore & AccessStore & FeedStore

/// What the long-running services need besides the API's protocols: the watchlist change counter, enrolment,
/// and retention (in batches, each its own transaction, so camera writes are never held up long).
public protocol MaintenanceStore: Sendable {
    /// A number that changes whenever a face watchlist entry, an enrolment photo or a hotlist entry changes.
    func watchlistVersion() async throws -> Int
    /// Adds photos to an identity, creating it if needed.
    func enrol(_ identity: WatchlistIdentity, samples: [FaceSample]) async throws -> WatchlistIdentity
    /// Deletes old sightings and snapshot files, keeping incident evidence.
    func prune(sightingsBefore: Date?, snapshotsBefore: Date?, batch: Int) async throws -> IncidentStore.Pruned
    /// Deletes face embeddings past each camera's cutoff (and every other camera's past `othersBefore`).
    func pruneFaceEmbeddings(before cutoffs: [String: Date], othersBefore: Date, batch: Int) async throws -> Int
}

/// The unknown faces' embeddings kept for search by photo, read as a stream (a search scans millions, holding none).
public protocol FaceEmbeddingStore: Sendable {
    /// Calls `body` with each stored embedding that passes `filter`, in sighting order, one row at a time.
    func forEachFaceEmbedding(_ filter: IncidentStore.FaceEmbeddingFilter,
                              _ body: @Sendable (IncidentStore.StoredFaceEmbedding) throws -> Void) async throws
}

/// What a camera's pipeline writes to a shared store (PostgreSQL, #22): its camera row, then each pass as a sighting
/// with its incident, in one transaction. The embedded SQLite path keeps `IncidentStore`'s synchronous methods.
public protocol PassStore: Sendable {
    /// Inserts or updates the camera its sightings refer to.
    func save(_ camera: Camera) async throws
    /// `IncidentStore.record`'s contract: the sighting, the incident it raised or joined, and whether that is new.
    /// `raisedAt` dates a cloned-plate incident (nil: the store's clock).
    func record(_ sighting: Sighting, incident: Incident?, faceEmbedding: [UInt8]?, repeatWindow: TimeInterval,
                raisedAt: Date?) async throws -> (Sighting, Incident?, isNew: Bool)
}

/// The nodes that share a store and the camera leases each holds (a shared PostgreSQL store; #22).
public protocol NodeStore: Sendable {
    /// Every node that ever sent a heartbeat, by id, with its leases.
    func nodeStatuses() async throws -> [NodeStatus]
}
