public import GRDB

extension DispatchOrder {
    /// The orders an incident raised, in the order they were made (the dispatcher's ranking).
    public static func orders(ofIncident incidentId: Int64, in reader: any DatabaseReader) throws -> [DispatchOrder] {
        try reader.read { db in try DispatchOrder.filter(Column("incidentId") == incidentId).fetchAll(db) }
    }
}

extension OutboxMessage {
    /// Why each order's message can never be sent (`failedAt` set), by order id; the first reason when an order
    /// has several such messages.
    public static func failureReasons(in reader: any DatabaseReader) throws -> [String: String] {
        let messages = try reader.read { db in try OutboxMessage.filter(Column("failedAt") != nil).fetchAll(db) }
        let reasons = messages.map { ($0.orderId, $0.lastError ?? "no reason recorded") }
        return Dictionary(reasons, uniquingKeysWith: { first, _ in first })
    }
}
