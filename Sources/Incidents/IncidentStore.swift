public import Foundation
public import GRDB

/// The SQLite file of cameras, sightings and incidents: WAL, one writer, migrations on open.
///
/// ```swift
/// let store = try IncidentStore(path: "sharpeyes.sqlite")
/// try store.save(camera)
/// let saved = try store.record(sighting, incident: nil)
/// ```
public final class IncidentStore: Sendable {
    /// Runs inside the transaction that stores a new incident: what it writes commits with the incident or not at all.
    public typealias IncidentHook = @Sendable (Database, Incident) throws -> Void

    public let writer: any DatabaseWriter
    private let onNewIncident: IncidentHook?

    /// Opens (creating if needed) the database file at `path` in WAL mode and migrates it.
    /// - Parameter onNewIncident: work done in the same transaction as each new incident (dispatch planning).
    public init(path: String, onNewIncident: IncidentHook? = nil) throws {
        self.onNewIncident = onNewIncident
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
            throw StoreError("cannot open database \(path): \(error.message ?? error.description)")
        } catch {
            throw StoreError("cannot open database \(path): \(error.localizedDescription)")
        }
    }

    /// A private in-memory database, for tests of logic.
    public init(inMemory: Void = (), onNewIncident: IncidentHook? = nil) throws {
        self.onNewIncident = onNewIncident
        writer = try DatabaseQueue()
        try Migrations.migrator.migrate(writer)
    }

    /// Inserts or updates a camera.
    public func save(_ camera: Camera) throws {
        try writer.write { db in try camera.upsert(db) }
    }

    /// Stores a sighting and, for a watchlist hit, its incident, in one transaction.
    ///
    /// A hit on the same subject at the same camera within `repeatWindow` of an open incident's last sighting
    /// joins that incident instead of raising a new one (one person lingering is one alert, not ten).
    /// The returned flag says whether the incident is new. `faceEmbedding` (an unknown face of a camera that keeps
    /// them for search by photo) is stored with the sighting, so there is never an embedding without its sighting.
    @discardableResult
    public func record(_ sighting: Sighting, incident: Incident? = nil, faceEmbedding: [UInt8]? = nil,
                       repeatWindow: TimeInterval = 300) throws -> (Sighting, Incident?, isNew: Bool) {
        try writer.write { db in
            var sighting = sighting
            try sighting.insert(db)
            if let faceEmbedding, let sightingId = sighting.id {
                try Self.insertFaceEmbedding(faceEmbedding, of: sighting, id: sightingId, db)
            }
            guard var incident, let sightingId = sighting.id else { return (sighting, nil, false) }
            let isNew: Bool
            if var open = try openIncident(like: incident, around: sighting.firstSeen, window: repeatWindow, db) {
                open.sightings += 1
                open.lastSeenAt = max(open.lastSeenAt ?? open.createdAt, sighting.lastSeen)
                try open.update(db)
                incident = open
                isNew = false
            } else {
                incident.sightingId = sightingId
                incident.lastSeenAt = sighting.lastSeen
                try incident.insert(db)
                try onNewIncident?(db, incident)
                isNew = true
            }
            sighting.incidentId = incident.id
            try sighting.update(db)
            return (sighting, incident, isNew)
        }
    }

    private func openIncident(like incident: Incident, around time: Date, window: TimeInterval, _ db: Database) throws -> Incident? {
        try Incident
            .filter(Column("cameraId") == incident.cameraId && Column("kind") == incident.kind.rawValue)
            .filter(Column("subject") == incident.subject && Column("status") != Incident.Status.resolved.rawValue)
            .filter(Column("lastSeenAt") >= time.addingTimeInterval(-window))
            .order(Column("createdAt").desc)
            .fetchOne(db)
    }

    public func camera(id: String) throws -> Camera? {
        try writer.read { db in try Camera.fetchOne(db, key: id) }
    }

    /// Sightings of a camera in time order, optionally of one kind.
    public func sightings(camera: String? = nil, kind: Sighting.Kind? = nil) throws -> [Sighting] {
        try writer.read { db in
            var request = Sighting.all()
            if let camera { request = request.filter(Column("cameraId") == camera) }
            if let kind { request = request.filter(Column("kind") == kind.rawValue) }
            return try request.order(Column("firstSeen"), Column("id")).fetchAll(db)
        }
    }

    public func incidents(camera: String? = nil) throws -> [Incident] {
        try writer.read { db in
            var request = Incident.all()
            if let camera { request = request.filter(Column("cameraId") == camera) }
            return try request.order(Column("createdAt"), Column("id")).fetchAll(db)
        }
    }
}
