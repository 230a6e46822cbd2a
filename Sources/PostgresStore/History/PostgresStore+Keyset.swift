import Incidents
import PostgresNIO

/// What a keyset-paged list reads (the twin of the SQLite store's `KeysetQuery`): a table, its time column, the
/// SELECT (which must also select `cursorTime(<time>) AS "cursorTime"`), and the filter's conditions.
struct PostgresKeysetQuery {
    /// Names the list in its cursors, as the SQLite store does: a cursor continues on either back end's list of
    /// the same name.
    let name: String
    let table: String
    let time: String
    let select: String
    var conditions: PostgresConditions
}

extension PostgresStore {
    /// One page of `query` in the filter's order, and the cursor of the next page: a row past the limit is read to
    /// know whether there is a next page.
    func keysetPage<Item: Sendable>(_ query: PostgresKeysetQuery, filter: HistoryFilter, page: PageRequest,
                                    items: ([PostgresRandomAccessRow]) async throws -> [Item]) async throws -> Page<Item> {
        let cursor = try page.cursor.map { token throws(HistoryQueryError) in
            try KeysetCursor.decode(token, list: query.name, filter: filter)
        }
        var conditions = query.conditions
        let time = "\"\(query.table)\".\"\(query.time)\"", id = "\"\(query.table)\".\"id\""
        conditions.after(cursor, time: time, id: id, newestFirst: filter.newestFirst)
        let order = filter.newestFirst ? "DESC" : "ASC"
        let limit = conditions.bind(page.limit + 1)
        let rows = try await self.rows(conditions.query("""
            \(query.select) \(conditions.whereClause) ORDER BY \(time) \(order), \(id) \(order) LIMIT \(limit)
            """))
        let list = try await items(Array(rows.prefix(page.limit)))
        let next = rows.count > page.limit ? rows[page.limit - 1] : nil
        return Page(items: list, next: try next.map { row in
            KeysetCursor.encode(time: try row.value("cursorTime"), id: try row.value("id"), list: query.name, filter: filter)
        })
    }
}
