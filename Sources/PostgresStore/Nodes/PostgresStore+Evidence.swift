import PostgresNIO

extension PostgresStore {
    /// The rows of a read-only query, every column cast to text in the SQL (`::text`; nil for NULL): what the multi-node tests read the shared
    /// database with, so each check is plain SQL beside its assertion. Not for product code: the SQL is run as given.
    package func textRows(_ sql: String) async throws -> [[String?]] {
        try await rows(PostgresQuery(unsafeSQL: sql)).map { row in
            try (0..<row.count).map { column in try row[column].decode(String?.self) }
        }
    }
}
