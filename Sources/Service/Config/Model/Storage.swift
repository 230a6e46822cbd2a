extension ServeConfig {
    /// Where sightings and snapshots are kept, and for how long.
    public struct Storage: Sendable, Equatable {
        /// Absolute path of the SQLite database.
        public let database: String
        /// Absolute path of the snapshot folder; by default `snapshots` beside the database.
        public let snapshots: String
        public let retention: Retention
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
