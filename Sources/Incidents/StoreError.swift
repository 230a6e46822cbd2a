import GRDB

/// Why the store could not do what was asked: a database that cannot be opened, or SQLite's refusal (busy past the
/// timeout, a constraint, a full disk, a damaged file), with the path or statement and the reason. GRDB's errors are
/// wrapped here, so callers (the CLI, the API) map kinds, not SQLite codes.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case cannotOpen, busy, constraint, diskFull, corrupt, readOnly, other
    }

    public let kind: Kind
    public let message: String
    /// SQLite's primary result code, when SQLite refused.
    public let resultCode: Int32?

    init(_ kind: Kind, _ message: String, resultCode: Int32? = nil) {
        self.kind = kind
        self.message = message
        self.resultCode = resultCode
    }

    /// A GRDB error as the store's: the kind from SQLite's primary result code, SQLite's message kept.
    init(_ error: DatabaseError) {
        let kind: Kind = switch error.resultCode.primaryResultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED: .busy
        case .SQLITE_CONSTRAINT: .constraint
        case .SQLITE_FULL: .diskFull
        case .SQLITE_CORRUPT, .SQLITE_NOTADB: .corrupt
        case .SQLITE_READONLY: .readOnly
        case .SQLITE_CANTOPEN: .cannotOpen
        default: .other
        }
        self.init(kind, "database: \(error.message ?? "\(error.resultCode)")", resultCode: error.resultCode.primaryResultCode.rawValue)
    }

    public var description: String { message }
}

extension IncidentStore {
    /// A read whose SQLite errors come out as `StoreError`s (on the bound connection, when there is one).
    func read<Value>(_ body: (Database) throws -> Value) throws -> Value {
        do {
            if let connection { return try body(connection) }
            return try writer.read(body)
        } catch let error as DatabaseError { throw StoreError(error) }
    }

    /// A write transaction whose SQLite errors come out as `StoreError`s. On a bound connection (already in the
    /// transaction of an async write) the body joins that transaction.
    func write<Value>(_ body: (Database) throws -> Value) throws -> Value {
        do {
            if let connection { return try body(connection) }
            return try writer.write(body)
        } catch let error as DatabaseError { throw StoreError(error) }
    }
}
