public import Incidents
import PostgresNIO

extension PostgresStore: FeedStore {
    /// Events after `id`, oldest first: ids follow commit order (see the v7 migration's `feed_append`).
    public func feedEvents(after id: Int64, limit: Int = 200) async throws -> [FeedEvent] {
        try await rows(#"SELECT * FROM "feedEvent" WHERE "id" > \#(id) ORDER BY "id" LIMIT \#(limit)"#).map { try $0.feedEvent() }
    }

    public func latestFeedEventId() async throws -> Int64 {
        try await rows(#"SELECT COALESCE(MAX("id"), 0) AS "id" FROM "feedEvent""#)[0].value("id")
    }
}
