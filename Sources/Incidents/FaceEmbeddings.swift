public import Foundation
import GRDB

/// Embeddings of faces that matched no one, kept per camera for a few days so investigators can search by photo.
///
/// They live in their own table, not in `sighting`: they go after their own retention (days, not months) while the
/// sighting may stay, and a search reads nothing but them.
extension IncidentStore {
    /// One stored embedding as a search reads it: the sighting it belongs to and the raw little-endian Float32 bytes.
    public struct StoredFaceEmbedding: Sendable {
        public let sightingId: Int64
        public let cameraId: String
        public let seenAt: Date
        public let bytes: Data
    }

    /// Which stored embeddings a scan reads: nil reads all cameras, or all time on that side.
    public struct FaceEmbeddingFilter: Sendable, Equatable {
        public var cameras: [String]?
        public var from: Date?
        public var to: Date?

        public init(cameras: [String]? = nil, from: Date? = nil, to: Date? = nil) {
            self.cameras = cameras
            self.from = from
            self.to = to
        }
    }

    /// `seenAt` is the time of the sighting's best frame: the moment of the crop an investigator is shown.
    static func insertFaceEmbedding(_ bytes: [UInt8], of sighting: Sighting, id: Int64, _ db: Database) throws {
        try db.execute(sql: "INSERT INTO faceEmbedding (sightingId, cameraId, seenAt, embedding) VALUES (?, ?, ?, ?)",
                       arguments: [id, sighting.cameraId, sighting.bestTime, Data(bytes)])
    }

    /// Calls `body` with each stored embedding that passes `filter`, one row at a time from a cursor: a search over
    /// millions of faces never holds them all in memory. Runs in one read transaction (a consistent snapshot).
    public func forEachFaceEmbedding(_ filter: FaceEmbeddingFilter = .init(),
                                     _ body: (StoredFaceEmbedding) throws -> Void) throws {
        try read { db in
            let cursor = try Row.fetchCursor(db, Self.request(filter))
            while let row = try cursor.next() {
                try body(StoredFaceEmbedding(sightingId: row["sightingId"], cameraId: row["cameraId"],
                                             seenAt: row["seenAt"], bytes: row["embedding"]))
            }
        }
    }

    private static func request(_ filter: FaceEmbeddingFilter) -> QueryInterfaceRequest<Row> {
        var request = Table("faceEmbedding").select(Column("sightingId"), Column("cameraId"), Column("seenAt"),
                                                    Column("embedding"))
        if let cameras = filter.cameras { request = request.filter(cameras.contains(Column("cameraId"))) }
        if let from = filter.from { request = request.filter(Column("seenAt") >= from) }
        if let to = filter.to { request = request.filter(Column("seenAt") <= to) }
        return request
    }

    /// How many embeddings are stored (of one camera, or of all).
    public func faceEmbeddingCount(camera: String? = nil) throws -> Int {
        try read { db in
            var request = Table("faceEmbedding").all()
            if let camera { request = request.filter(Column("cameraId") == camera) }
            return try request.fetchCount(db)
        }
    }

    /// Deletes the embeddings of each camera in `cutoffs` seen before its date, and those of every other camera
    /// (removed from the configuration, or no longer opted in) seen before `othersBefore`. The sightings stay: only
    /// what makes a face searchable goes. In batches, so camera writes are not held up.
    @discardableResult
    public func pruneFaceEmbeddings(before cutoffs: [String: Date], othersBefore: Date, batch: Int = 1000) throws -> Int {
        var deleted = 0
        for group in Self.embeddingGroups(before: cutoffs, othersBefore: othersBefore) {
            while true {
                let count = try write { db in try Self.deleteEmbeddings(group, batch: batch, db) }
                deleted += count
                if count < batch { break }
            }
        }
        return deleted
    }

    /// The embeddings to prune, one request per camera with its own cutoff and one for every other camera.
    static func embeddingGroups(before cutoffs: [String: Date], othersBefore: Date) -> [QueryInterfaceRequest<Row>] {
        var groups = cutoffs.map { camera, date in Table("faceEmbedding").filter(Column("cameraId") == camera && Column("seenAt") < date) }
        groups.append(Table("faceEmbedding").filter(!Array(cutoffs.keys).contains(Column("cameraId")) && Column("seenAt") < othersBefore))
        return groups
    }

    /// One batch of a group's deletion; how many went.
    static func deleteEmbeddings(_ group: QueryInterfaceRequest<Row>, batch: Int, _ db: Database) throws -> Int {
        let ids = try group.select(Column("sightingId"), as: Int64.self).limit(batch).fetchAll(db)
        try Table("faceEmbedding").filter(ids.contains(Column("sightingId"))).deleteAll(db)
        return ids.count
    }
}
