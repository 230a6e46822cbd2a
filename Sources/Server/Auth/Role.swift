/// What a token may do. `community` and `patrol` are also scoped: their grid, their force's orders.
public enum Role: String, Codable, Sendable, CaseIterable {
    /// `device`: a one-button alarm or a door seal, which may only raise its own alarms (`POST /api/alarms`).
    case admin, investigator, dispatcher, patrol, community, device

    /// The things a route needs; each role is granted a set of them here and nowhere else.
    /// The raw values are what `GET /api/me` lists, so the console shows only what the caller may use.
    public enum Capability: String, Sendable, CaseIterable {
        /// Incidents (scoped for patrol and community) and their media.
        case incidents
        /// Sightings, exports and search by photo: the investigator's history.
        case history
        /// A plate's or a listed person's path over the cameras (audited): the investigator's, and the duty
        /// officer's, who sends units after a moving subject.
        case trajectories
        /// Orders: list and act on them (scoped for patrol and community).
        case orders
        /// The live feed (filtered by role).
        case events
        /// Camera status and Prometheus metrics.
        case operations
        /// Cameras' live views and pictures, and the list of cameras to watch (community: its grid's cameras only).
        case liveView = "live_view"
        case readWatchlists = "read_watchlists", editWatchlists = "edit_watchlists"
        /// The audit log.
        case audit
        /// Pairing codes that sign a phone in (`POST /api/pairings`).
        case pairDevices = "pair_devices"
        /// Device alarms (`POST /api/alarms`): a device its own, an admin any (a drill).
        case raiseAlarms = "raise_alarms"
        /// A community's gates: passages, strangers, watched residents (`/api/communities`; a community token its own).
        case communities
    }

    public func allows(_ capability: Capability) -> Bool {
        switch self {
        case .admin: true
        case .investigator: ![.audit, .pairDevices, .raiseAlarms, .communities].contains(capability)
        case .dispatcher: [.incidents, .trajectories, .orders, .events, .operations, .liveView, .readWatchlists, .pairDevices]
            .contains(capability)
        case .patrol: [.incidents, .orders, .events].contains(capability)
        case .community: [.incidents, .orders, .events, .liveView, .communities].contains(capability)
        case .device: capability == .raiseAlarms
        }
    }
}
