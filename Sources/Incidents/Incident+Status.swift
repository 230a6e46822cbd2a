public import GRDB

extension Incident {
    /// Marks an open incident acknowledged (a unit whose response counts has taken it), in the caller's transaction.
    /// An incident already acknowledged or resolved stays as it is: status only moves forward.
    public static func markAcknowledged(_ id: Int64, _ db: Database) throws {
        try Incident.filter(Column("id") == id && Column("status") == Status.open.rawValue)
            .updateAll(db, Column("status").set(to: Status.acknowledged.rawValue))
    }

    /// Marks the incident resolved, in the caller's transaction.
    public static func markResolved(_ id: Int64, _ db: Database) throws {
        try Incident.filter(Column("id") == id).updateAll(db, Column("status").set(to: Status.resolved.rawValue))
    }
}
