extension ServeConfig {
    /// Where sightings and snapshots are kept, and for how long.
    public struct Storage: Sendable, Equatable {
        /// Absolute path of the SQLite database, or the `postgres://USER@HOST:PORT/DB` URL of a shared one.
        public let database: String
        /// Absolute path of the snapshot folder; by default `snapshots` beside the SQLite database.
        public let snapshots: String
        public let retention: Retention
        /// The PostgreSQL server the nodes share, when `database` is a `postgres://` URL; nil: the embedded SQLite file.
        public var postgres: Postgres? = nil
    }

    /// A shared PostgreSQL store: its URL (TLS options as `?sslmode=require&sslrootcert=PATH`) and where its password
    /// comes from. The password is read at load, compared, never shown.
    public struct Postgres: Sendable, Equatable {
        public let url: String
        public let passwordSource: Secret?
        let passwordValue: SecretValue?

        /// `cameras_from: database`: the cameras are the database's (`sharpeyes cameras import`), shared out among
        /// the nodes by leases; the config's `cameras:` are imported at start. `config` (the default): this node runs
        /// the config's cameras itself.
        public var camerasFromDatabase = false
        /// How long a camera lease lasts without renewal (`lease_seconds`, 3...300, default 15).
        public var leaseSeconds = 15.0

        /// The password read at load (nil: the server needs none, e.g. `trust` or a client certificate).
        public var password: String? { passwordValue?.value }
    }

    /// Days to keep records; nil keeps them forever (written as 0 or left out).
    public struct Retention: Sendable, Equatable {
        public let sightingsDays: Int?
        public let snapshotsDays: Int?

        public init(sightingsDays: Int? = nil, snapshotsDays: Int? = nil) {
            self.sightingsDays = sightingsDays
            self.snapshotsDays = snapshotsDays
        }
    }
}
