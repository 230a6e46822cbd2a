import GRDB

/// What a keyset-paged list reads: a table, its time and id columns, the SELECT (which must also select
/// `<time> AS cursorTime`), and the filter's conditions.
struct KeysetQuery {
    /// Names the list in its cursors, so a cursor of one list is refused by another.
    let name: String
    let table: String
    let time: String
    let select: String
    let conditions: SQLConditions
    /// Keep SQLite off the time index (a unary +): when another condition finds few rows through its own index,
    /// walking the time index in page order would visit every row of the table.
    var timeUnindexed = false
}

extension IncidentStore {
    /// One page of `query` in the filter's order, and the cursor of the next page: a row past the limit is read
    /// to know whether there is a next page.
    func keysetPage<Item: Sendable>(_ query: KeysetQuery, filter: HistoryFilter, page: PageRequest,
                                    items: @escaping ([Row], Database) throws -> [Item]) throws -> Page<Item> {
        let fingerprint = query.name + "|" + filter.fingerprint
        let cursor = try page.cursor.map { token throws(HistoryQueryError) in try Cursor.decode(token, for: fingerprint) }
        var conditions = query.conditions
        let time = (query.timeUnindexed ? "+" : "") + "\(query.table).\(query.time)"
        conditions.after(cursor, time: time, id: "\(query.table).id", newestFirst: filter.newestFirst)
        let order = filter.newestFirst ? "DESC" : "ASC"
        let (rows, list) = try read { db in
            let rows = try Row.fetchAll(db, sql: """
                \(query.select) \(conditions.whereClause)
                ORDER BY \(time) \(order), \(query.table).id \(order) LIMIT ?
                """, arguments: conditions.arguments + [page.limit + 1])
            return (rows, try items(Array(rows.prefix(page.limit)), db))
        }
        let next = rows.count > page.limit ? rows[page.limit - 1] : nil
        return Page(items: list, nextCursor: next.map { Cursor(time: $0["cursorTime"], id: $0["id"]).encoded(for: fingerprint) })
    }
}
