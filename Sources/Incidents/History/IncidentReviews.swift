public import Foundation
import GRDB

extension IncidentStore {
    /// Marks the incidents among `ids` that `scope` lets the reviewer see as reviewed by `reviewer`, now (an
    /// incident already reviewed keeps its first time). Returns how many rows were new.
    public func markReviewed(_ ids: [Int64], by reviewer: String, scope: HistoryFilter, at time: Date = Date()) throws -> Int {
        guard !ids.isEmpty else { return 0 }
        var conditions = Self.conditions(for: scope.scopeOnly)
        conditions.any("incident.id", in: ids)
        return try write { db in
            try db.execute(sql: """
                INSERT OR IGNORE INTO incidentReview (incidentId, reviewer, reviewedAt)
                SELECT incident.id, ?, ? FROM incident LEFT JOIN camera ON camera.id = incident.cameraId \
                \(conditions.whereClause)
                """, arguments: [reviewer, time] + conditions.arguments)
            return db.changesCount
        }
    }

    /// When `reviewer` marked each of `ids` reviewed (ids never reviewed are absent).
    public func reviewTimes(of ids: [Int64], by reviewer: String) throws -> [Int64: Date] {
        guard !ids.isEmpty else { return [:] }
        return try read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT incidentId, reviewedAt FROM incidentReview
                WHERE reviewer = ? AND incidentId IN (\(ids.map { _ in "?" }.joined(separator: ",")))
                """, arguments: StatementArguments([reviewer]) + StatementArguments(ids))
            return Dictionary(rows.map { ($0["incidentId"], $0["reviewedAt"]) }, uniquingKeysWith: { first, _ in first })
        }
    }

    /// How many incidents match `filter` (for a page's total).
    public func incidentCount(matching filter: HistoryFilter) throws -> Int {
        let conditions = Self.conditions(for: filter)
        return try read { db in
            try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM incident LEFT JOIN camera ON camera.id = incident.cameraId \(conditions.whereClause)
                """, arguments: conditions.arguments) ?? 0
        }
    }
}
