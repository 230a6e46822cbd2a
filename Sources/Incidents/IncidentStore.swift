public import Foundation
public import GRDB

/// The SQLite file of cameras, sightings and incidents: WAL, one writer, migrations on open.
///
/// ```swift
/// let store = try IncidentStore(path: "sharpeyes.sqlite")
/// try store.save(camera)
/// let saved = try store.record(sighting, incident: nil)
/// ```
/// With a ``ClonedPlateRule``, every confident plate sighting is also compared, in the same transaction, with the
/// plate's reads at other cameras (see `IncidentStore+ClonedPlates.swift`).
///
/// The methods here block their thread: they serve the per-camera recording path, which runs on its camera's own
/// serial queue (a slow write holds up that camera alone, which is the back-pressure wanted), and threads of their
/// own. Code on the concurrency pool uses ``async`` (``SQLiteStore``, the async store protocols) instead.
public final class IncidentStore: Sendable {
    /// Runs inside the transaction that stores a new incident: what it writes commits with the incident or not at all.
    public typealias IncidentHook = @Sendable (Database, Incident) throws -> Void

    public let writer: any DatabaseWriter
    let onNewIncident: IncidentHook?
    /// Nil: plates read at two places are not compared.
    let clonedPlates: ClonedPlateRule?
    /// Set only on the copy `bound(to:)` makes inside one of GRDB's async accesses (see `SQLiteStore`): that copy's
    /// reads and writes use this connection, on the access's own thread, and the copy never leaves the closure.
    nonisolated(unsafe) let connection: Database?

    /// Opens (creating if needed) the database file at `path` in WAL mode and migrates it.
    /// - Parameters:
    ///   - clonedPlates: when one plate read at two cameras raises a cloned-plate incident; nil switches it off.
    ///   - onNewIncident: work done in the same transaction as each new incident (dispatch planning).
    public init(path: String, clonedPlates: ClonedPlateRule? = nil, onNewIncident: IncidentHook? = nil) throws {
        self.onNewIncident = onNewIncident
        self.clonedPlates = clonedPlates
        connection = nil
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // WAL with synchronous=NORMAL is durable across process crashes; FULL adds power-loss safety.
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        do {
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            writer = try DatabasePool(path: path, configuration: configuration)
            try Migrations.migrator.migrate(writer)
        } catch let error as DatabaseError {
            throw StoreError(.cannotOpen, "cannot open database \(path): \(error.message ?? error.description)")
        } catch {
            throw StoreError(.cannotOpen, "cannot open database \(path): \(error.localizedDescription)")
        }
    }

    /// A private in-memory database, for tests of logic.
    public init(inMemory: Void = (), clonedPlates: ClonedPlateRule? = nil, onNewIncident: IncidentHook? = nil) throws {
        self.onNewIncident = onNewIncident
        self.clonedPlates = clonedPlates
        connection = nil
        writer = try DatabaseQueue()
        try Migrations.migrator.migrate(writer)
    }

    /// This store working on `db`, an access GRDB has already opened (a read, or a write transaction).
    private init(_ store: IncidentStore, bound db: Database) {
        writer = store.writer
        onNewIncident = store.onNewIncident
        clonedPlates = store.clonedPlates
        connection = db
    }

    func bound(to db: Database) -> IncidentStore { IncidentStore(self, bound: db) }

    /// Inserts or updates a camera.
    public func save(_ camera: Camera) throws {
        try write { db in try camera.upsert(db) }
    }

    /// Stores a sighting and, for a watchlist hit, its incident, in one transaction.
    ///
    /// A hit on the same subject at the same camera within `repeatWindow` of an open incident's last sighting
    /// joins that incident instead of raising a new one (one person lingering is one alert, not ten).
    /// The returned incident is the watchlist one and the flag says whether it is new. A cloned-plate incident the
    /// sighting raises or joins is not returned: the sighting's `incidentId` names it when there is no hit.
    /// `faceEmbedding` (an unknown face of a camera that keeps them for search by photo) is stored with the
    /// sighting, so there is never an embedding without its sighting. A cloned-plate incident is dated `raisedAt`.
    @discardableResult
    public func record(_ sighting: Sighting, incident: Incident? = nil, faceEmbedding: [UInt8]? = nil,
                       repeatWindow: TimeInterval = 300, raisedAt: Date = Date()) throws -> (Sighting, Incident?, isNew: Bool) {
        try write { db in
            var sighting = sighting
            try sighting.insert(db)
            guard let sightingId = sighting.id else { return (sighting, nil, false) }
            if let faceEmbedding { try Self.insertFaceEmbedding(faceEmbedding, of: sighting, id: sightingId, db) }
            let hit = try incident.map { try raise($0, for: sighting, repeatWindow: repeatWindow, db) }
            let cloned = try clonedPlates.flatMap { try checkClonedPlate(sighting, rule: $0, raisedAt: raisedAt, db) }
            guard let incidentId = hit?.incident.id ?? cloned else { return (sighting, nil, false) }
            sighting.incidentId = incidentId
            try sighting.update(db)
            return (sighting, hit?.incident, hit?.isNew ?? false)
        }
    }

    /// Joins the open incident `incident` repeats, or inserts it and runs the hook.
    private func raise(_ incident: Incident, for sighting: Sighting, repeatWindow: TimeInterval,
                       _ db: Database) throws -> (incident: Incident, isNew: Bool) {
        if var open = try openIncident(like: incident, around: sighting.firstSeen, window: repeatWindow, db) {
            try open.join(sighting, db)
            return (open, false)
        }
        return (try insertNew(incident, for: sighting, db), true)
    }

    /// Inserts a new incident raised by `sighting` and runs the hook in the same transaction.
    func insertNew(_ incident: Incident, for sighting: Sighting, _ db: Database) throws -> Incident {
        var incident = incident
        incident.sightingId = sighting.id ?? 0
        incident.lastSeenAt = sighting.lastSeen
        try incident.insert(db)
        try onNewIncident?(db, incident)
        return incident
    }

    private func openIncident(like incident: Incident, around time: Date, window: TimeInterval, _ db: Database) throws -> Incident? {
        try Incident
            .filter(Column("type") == incident.type.rawValue)
            .filter(Column("cameraId") == incident.cameraId && Column("kind") == incident.kind.rawValue)
            .filter(Column("subject") == incident.subject && Column("status") != Incident.Status.resolved.rawValue)
            .filter(Column("lastSeenAt") >= time.addingTimeInterval(-window))
            .order(Column("createdAt").desc)
            .fetchOne(db)
    }

    public func camera(id: String) throws -> Camera? {
        try read { db in try Camera.fetchOne(db, key: id) }
    }

    /// Every camera, by id; only those of `grids` when given (an empty list: none).
    public func cameras(inGrids grids: [String]? = nil) throws -> [Camera] {
        try read { db in
            var request = Camera.order(Column("id"))
            if let grids { request = request.filter(grids.contains(Column("grid"))) }
            return try request.fetchAll(db)
        }
    }

    /// Sightings of a camera in time order, optionally of one kind.
    public func sightings(camera: String? = nil, kind: Sighting.Kind? = nil) throws -> [Sighting] {
        try read { db in
            var request = Sighting.all()
            if let camera { request = request.filter(Column("cameraId") == camera) }
            if let kind { request = request.filter(Column("kind") == kind.rawValue) }
            return try request.order(Column("firstSeen"), Column("id")).fetchAll(db)
        }
    }

    public func incidents(camera: String? = nil) throws -> [Incident] {
        try read { db in
            var request = Incident.all()
            if let camera { request = request.filter(Column("cameraId") == camera) }
            return try request.order(Column("createdAt"), Column("id")).fetchAll(db)
        }
    }
}
