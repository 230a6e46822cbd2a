public import Incidents
import PostgresNIO

extension PostgresStore: FaceEmbeddingStore {
    /// Streams the embeddings that pass `filter`, in sighting order: rows arrive as PostgreSQL sends them (the
    /// row sequence is back-pressured), so a search over millions of faces never holds them all.
    public func forEachFaceEmbedding(_ filter: IncidentStore.FaceEmbeddingFilter,
                                     _ body: @Sendable (IncidentStore.StoredFaceEmbedding) throws -> Void) async throws {
        var conditions = PostgresConditions()
        if let cameras = filter.cameras { conditions.only(#""cameraId""#, in: cameras) }
        if let from = filter.from { conditions.add(#""seenAt" >= \#(conditions.bind(from))"#) }
        if let to = filter.to { conditions.add(#""seenAt" <= \#(conditions.bind(to))"#) }
        let query = conditions.query("""
            SELECT "sightingId", "cameraId", "seenAt", "embedding" FROM "faceEmbedding" \(conditions.whereClause)
            ORDER BY "sightingId"
            """)
        try await mapErrors {
            for try await row in try await client.query(query, logger: logger) {
                let row = row.makeRandomAccess()
                try body(IncidentStore.StoredFaceEmbedding(try row.value("sightingId"), cameraId: try row.value("cameraId"),
                                                           seenAt: try row.time("seenAt"), bytes: try row.value("embedding")))
            }
        }
    }
}
