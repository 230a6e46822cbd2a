extension SQLiteStore: FaceEmbeddingStore {
    /// One async read (a consistent snapshot), rows from a cursor; GRDB runs the read before returning, so `body`
    /// never outlives this call.
    public func forEachFaceEmbedding(_ filter: IncidentStore.FaceEmbeddingFilter,
                                     _ body: @Sendable (IncidentStore.StoredFaceEmbedding) throws -> Void) async throws {
        try await withoutActuallyEscaping(body) { body in
            try await reading { store in try store.forEachFaceEmbedding(filter) { try body($0) } }
        }
    }
}
