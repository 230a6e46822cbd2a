import Foundation
import PostgresNIO

extension PostgresStore {
    /// Where the database is and who logs in: `postgres://USER@HOST:PORT/DB`, the password given apart (from the
    /// environment), never in the URL or in any message. Plain TCP for now: TLS (PostgresNIO's `.require` with an
    /// NIOSSL context) comes with the serve config's storage section.
    public struct Configuration: Sendable {
        public var host: String
        public var port: Int
        public var user: String
        public var password: String?
        public var database: String
        /// How long a connection attempt may take before it counts as unreachable.
        public var connectTimeout: Duration = .seconds(10)
        /// How long a call waits for a pooled connection before it fails as unreachable (a server that is down).
        public var connectionTimeout: Duration = .seconds(10)
        public var maximumConnections = 20

        public init(host: String, port: Int = 5432, user: String, password: String?, database: String) {
            self.host = host
            self.port = port
            self.user = user
            self.password = password
            self.database = database
        }

        /// Parses `postgres://USER@HOST[:PORT]/DB` (or `postgresql://`); a password inside the URL is refused so
        /// that it never reaches a config file or a log.
        public init(url: String, password: String?) throws(PostgresStoreError) {
            guard let parts = URLComponents(string: url), ["postgres", "postgresql"].contains(parts.scheme ?? ""),
                  let host = parts.host, !host.isEmpty, let user = parts.user, !user.isEmpty else {
                throw PostgresStoreError(.other, "database: expected postgres://USER@HOST:PORT/DB")
            }
            guard parts.password == nil else {
                throw PostgresStoreError(.other, "database: put the password in password: {env: NAME}, not in the URL")
            }
            let database = String(parts.path.drop(while: { $0 == "/" }))
            self.init(host: host, port: parts.port ?? 5432, user: user, password: password,
                      database: database.isEmpty ? user : database)
        }

        /// `host:port/database`, for messages.
        public var server: String { "\(host):\(port)/\(database)" }

        var client: PostgresClient.Configuration {
            var configuration = PostgresClient.Configuration(host: host, port: port, username: user, password: password,
                                                             database: database, tls: .disable)
            configuration.options.connectTimeout = connectTimeout
            configuration.options.maximumConnections = maximumConnections
            return configuration
        }

        var connection: PostgresConnection.Configuration {
            var configuration = PostgresConnection.Configuration(host: host, port: port, username: user, password: password,
                                                                 database: database, tls: .disable)
            configuration.options.connectTimeout = .init(connectTimeout)
            return configuration
        }
    }
}
