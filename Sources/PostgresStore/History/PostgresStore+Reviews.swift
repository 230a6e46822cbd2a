public import Foundation
public import Incidents
import PostgresNIO

extension PostgresStore {
    /// Every camera, by id; only those of `grids` when given (an empty list: none).
    public func cameras(inGrids grids: [String]?) async throws -> [Camera] {
        var conditions = PostgresConditions()
        conditions.only(#""grid""#, in: grids)
        return try await rows(conditions.query(#"SELECT * FROM "camera" \#(conditions.whereClause) ORDER BY "id" COLLATE "C""#))
            .map { try $0.camera() }
    }

    /// How many incidents match `filter` (for a page's total).
    public func incidentCount(matching filter: HistoryFilter) async throws -> Int {
        let conditions = Self.conditions(for: filter)
        return try await rows(conditions.query("""
            SELECT count(*) AS "count" FROM "incident" LEFT JOIN "camera" ON "camera"."id" = "incident"."cameraId"
            \(conditions.whereClause)
            """))[0].value("count", as: Int.self)
    }

    /// Marks the incidents among `ids` that `scope` lets the reviewer see as reviewed by `reviewer`, at the
    /// database's `now()` (an incident already reviewed keeps its first time). Returns how many rows were new.
    public func markReviewed(_ ids: [Int64], by reviewer: String, scope: HistoryFilter) async throws -> Int {
        guard !ids.isEmpty else { return 0 }
        var conditions = Self.conditions(for: scope.scopeOnly)
        conditions.any(#""incident"."id""#, in: ids)
        let who = conditions.bind(reviewer)
        return try await rows(conditions.query("""
            INSERT INTO "incidentReview" ("incidentId", "reviewer", "reviewedAt")
            SELECT "incident"."id", \(who), now() FROM "incident" LEFT JOIN "camera" ON "camera"."id" = "incident"."cameraId"
            \(conditions.whereClause)
            ON CONFLICT DO NOTHING RETURNING 1
            """)).count
    }

    /// When `reviewer` marked each of `ids` reviewed (ids never reviewed are absent).
    public func reviewTimes(of ids: [Int64], by reviewer: String) async throws -> [Int64: Date] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await rows("""
            SELECT "incidentId", "reviewedAt" FROM "incidentReview" WHERE "reviewer" = \(reviewer) AND "incidentId" = ANY(\(ids))
            """)
        return Dictionary(try rows.map { (try $0.value("incidentId", as: Int64.self), try $0.time("reviewedAt") as Date) },
                          uniquingKeysWith: { first, _ in first })
    }
}
