import PostgresNIO

/// Why the PostgreSQL store could not do what was asked: the server cannot be reached, it refused the login, or it
/// refused a statement, with PostgreSQL's own message (never the password, which no message of the server holds).
public struct PostgresStoreError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case unreachable, authentication, constraint, serverError, other
    }

    public let kind: Kind
    public let message: String
    /// PostgreSQL's SQLSTATE, when the server refused (28P01: wrong password; 23505: a duplicate).
    public let sqlState: String?

    init(_ kind: Kind, _ message: String, sqlState: String? = nil) {
        self.kind = kind
        self.message = message
        self.sqlState = sqlState
    }

    public var description: String { message }

    /// A PostgresNIO error as the store's. PSQLError's own description hides everything on purpose; the server's
    /// message and SQLSTATE, and the connection's underlying error, are what a person can act on.
    static func from(_ error: any Error, server: String) -> PostgresStoreError {
        if let error = error as? PostgresStoreError { return error }
        if let error = error as? PostgresTransactionError {
            return from(error.closureError ?? error.beginError ?? error.commitError ?? error.rollbackError ?? error, server: server)
        }
        // _ConnectionPoolModule's error, by name: that module is PostgresNIO's internals, not a product to import.
        if String(describing: type(of: error)) == "ConnectionPoolError" {
            return PostgresStoreError(.unreachable, "cannot reach postgres \(server): no connection could be made (\(error))")
        }
        guard let error = error as? PSQLError else { return PostgresStoreError(.other, "postgres \(server): \(error)") }
        if error.code == .server, let info = error.serverInfo {
            let state = info[.sqlState] ?? ""
            // 57 (the server shutting down, a connection it terminated) and 08 (connection exceptions): the server
            // went away under a pooled connection, which is as unreachable as a refused connect.
            if state.hasPrefix("57") || state.hasPrefix("08") {
                return PostgresStoreError(.unreachable, "cannot reach postgres \(server): \(info[.message] ?? "error \(state)")",
                                          sqlState: state)
            }
            let kind: Kind = state.hasPrefix("28") ? .authentication : state.hasPrefix("23") ? .constraint : .serverError
            return PostgresStoreError(kind, "postgres \(server): \(info[.message] ?? "error \(state)")", sqlState: state)
        }
        if error.code == .sslUnsupported {
            return PostgresStoreError(.unreachable, "postgres \(server): the server does not offer TLS, which this configuration requires")
        }
        if [.connectionError, .serverClosedConnection, .clientClosedConnection, .poolClosed].contains(error.code) {
            let cause = error.underlying.map { "\($0)" } ?? "\(error.code)"
            return PostgresStoreError(.unreachable, "cannot reach postgres \(server): \(cause)")
        }
        return PostgresStoreError(.other, "postgres \(server): \(error.code)")
    }
}
