/// Who can be sent: police units, posts, community forces, the command centre.
public enum ForceType: String, Codable, Sendable, CaseIterable {
    case patrol, policePost = "police_post", gridWorker = "grid_worker", volunteer, commandCentre = "command_centre"

    /// Community forces receive a redacted payload: no identity, no watchlist reason, no face crop.
    public var audience: Audience { self == .gridWorker || self == .volunteer ? .community : .police }
}

/// What a recipient may see.
public enum Audience: String, Codable, Sendable {
    case police, community
}
