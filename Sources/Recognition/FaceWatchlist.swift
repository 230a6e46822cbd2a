public import Incidents
public import Severities

/// The face watchlist in memory: each identity with the embeddings of its enrolment photos.
public struct FaceWatchlist: Sendable {
    public struct Entry: Sendable {
        /// The same name may be on two lists: name and list together say who.
        public var key: String { list + "/" + name }
        public let name: String
        public let list: String
        public let severity: Severity
        public let reason: String?
        public let embeddings: [FaceEmbedding]
    }

    /// The closest identity to a face.
    public struct Match: Sendable, Equatable {
        public let entry: Int
        public let distance: Double
    }

    public let entries: [Entry]

    public init(entries: [Entry]) { self.entries = entries }

    public init(store: IncidentStore) throws { self.init(rows: try store.faceWatchlist()) }

    /// The identities with at least one usable sample, from rows as any store returns them.
    public init(rows: [(WatchlistIdentity, [FaceSample])]) {
        entries = rows.compactMap { identity, samples in
            let embeddings = samples.compactMap { FaceEmbedding(bytes: [UInt8]($0.embedding)) }
            guard !embeddings.isEmpty else { return nil }
            return Entry(name: identity.name, list: identity.list, severity: identity.severity, reason: identity.reason,
                         embeddings: embeddings)
        }
    }

    /// The identity with the closest enrolment photo, whatever the distance (the caller applies the tolerance).
    public func nearest(to face: FaceEmbedding) -> Match? {
        var best: Match?
        for (index, entry) in entries.enumerated() {
            for embedding in entry.embeddings {
                let distance = face.distance(to: embedding)
                if distance < best?.distance ?? .infinity { best = Match(entry: index, distance: distance) }
            }
        }
        return best
    }
}
