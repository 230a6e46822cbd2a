import Foundation
import NIOSSL
import PostgresNIO

extension PostgresStore {
    /// Where the database is and who logs in: `postgres://USER@HOST:PORT/DB`, the password given apart (from the
    /// environment), never in the URL or in any message.
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
        public var tls: TLS = .disable

        /// Whether the connection is encrypted, as PostgresNIO offers it.
        public enum TLS: Sendable, Equatable {
            case disable
            /// TLS when the server offers it, plain otherwise.
            case prefer(caFile: String?)
            /// TLS or no connection; the server's certificate is verified against `caFile` (PEM), or the system's
            /// roots when nil, and must name the host.
            case require(caFile: String?)
        }

        public init(host: String, port: Int = 5432, user: String, password: String?, database: String) {
            self.host = host
            self.port = port
            self.user = user
            self.password = password
            self.database = database
        }

        /// Parses `postgres://USER@HOST[:PORT]/DB[?sslmode=disable|prefer|require&sslrootcert=PATH]` (or
        /// `postgresql://`, libpq's names for the TLS options); a password inside the URL is refused so that it never
        /// reaches a config file or a log.
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
            tls = try Self.tls(parts.queryItems ?? [])
        }

        private static func tls(_ items: [URLQueryItem]) throws(PostgresStoreError) -> TLS {
            let root = items.first { $0.name == "sslrootcert" }?.value
            switch items.first(where: { $0.name == "sslmode" })?.value {
            case nil, "disable": return .disable
            case "prefer": return .prefer(caFile: root)
            case "require", "verify-full": return .require(caFile: root)
            case let mode?: throw PostgresStoreError(.other, "database: sslmode \(mode) is not one of disable, prefer, require")
            }
        }

        /// `host:port/database`, for messages.
        public var server: String { "\(host):\(port)/\(database)" }

        func client() throws -> PostgresClient.Configuration {
            let tls: PostgresClient.Configuration.TLS = switch self.tls {
            case .disable: .disable
            case .prefer(let caFile): .prefer(try Self.tlsConfiguration(caFile))
            case .require(let caFile): .require(try Self.tlsConfiguration(caFile))
            }
            var configuration = PostgresClient.Configuration(host: host, port: port, username: user, password: password,
                                                             database: database, tls: tls)
            configuration.options.connectTimeout = connectTimeout
            configuration.options.maximumConnections = maximumConnections
            return configuration
        }

        func connection() throws -> PostgresConnection.Configuration {
            let tls: PostgresConnection.Configuration.TLS = switch self.tls {
            case .disable: .disable
            case .prefer(let caFile): .prefer(try NIOSSLContext(configuration: Self.tlsConfiguration(caFile)))
            case .require(let caFile): .require(try NIOSSLContext(configuration: Self.tlsConfiguration(caFile)))
            }
            var configuration = PostgresConnection.Configuration(host: host, port: port, username: user, password: password,
                                                                 database: database, tls: tls)
            configuration.options.connectTimeout = .init(connectTimeout)
            return configuration
        }

        /// Client TLS with full verification, against `caFile`'s certificates when given.
        private static func tlsConfiguration(_ caFile: String?) throws -> TLSConfiguration {
            var configuration = TLSConfiguration.makeClientConfiguration()
            if let caFile {
                do {
                    configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caFile))
                } catch {
                    throw PostgresStoreError(.other, "database: cannot read the CA certificates in \(caFile): \(error)")
                }
            }
            return configuration
        }
    }
}
