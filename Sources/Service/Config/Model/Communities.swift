public import Communities
import Foundation

extension ServeConfig {
    /// One residential community: its gate cameras (each in `mode: access`), the grid its community forces look
    /// after, and the settings of its gate rules.
    public struct Community: Sendable, Equatable {
        /// 1-64 characters of `A-Z a-z 0-9 _ . -`, unique; a community role's token names it as its force.
        public var id: String
        public var name: String
        /// The dispatch grid of its grid worker and volunteers.
        public var grid: String?
        /// Camera ids; each camera is a gate of one community only.
        public var gates: [String]
        /// `[longitude, latitude]` corners, like a grid's; where its gate alerts are placed when a gate camera has no
        /// position (else the grid's).
        public var polygon: [[Double]]?
        /// The register's face threshold (stricter than a watchlist's: see `CommunityRegister.defaultThreshold`).
        public var threshold: Double
        /// The zone of the night hours, and the night (local hours, wrapping past midnight) of the vehicle rule.
        public var timeZone: String
        public var nightStart: Int
        public var nightEnd: Int
        /// Seconds a stranger is remembered for the two-gates rule.
        public var strangerWindow: Double
        /// The way its one-lane gate cameras see everyone pass (`direction: in | out` on the camera), by camera id;
        /// a gate camera not listed does not say.
        public var directions: [String: Passage.Direction] = [:]

        public static let thresholdRange = 0.2...0.6
        public static let strangerWindowRange = 60.0...86_400.0
    }
}

extension ServeConfig.Camera {
    /// `watch` (the default): faces and plates are matched against the watchlists. `access`: a community's gate,
    /// whose faces and plates go to the community's register (an access record each), never to watchlist alerts.
    public enum Mode: String, Sendable, CaseIterable { case watch, access }
}

extension ServeConfig.Camera {
    /// This camera in `mode`.
    func `in`(_ mode: Mode) -> Self {
        var camera = self
        camera.mode = mode
        return camera
    }
}

extension ServeConfig {
    /// The community whose gate `camera` is, if any.
    public func community(ofGate camera: String) -> Community? {
        communities.first { $0.gates.contains(camera) }
    }
}

extension ServeConfig.Community {
    /// `community yuyuan "裕园小区": grid Y, gates north, south; register threshold 0.45, night 23-5 Asia/Shanghai, …`
    var summary: String {
        let named = name == id ? "" : " \"\(name)\""
        let listed = gates.map { gate in directions[gate].map { "\(gate) (\($0.rawValue))" } ?? gate }
        return "community \(id)\(named): grid \(grid ?? "none"), gates \(listed.joined(separator: ", ")); register threshold "
            + "\(threshold), night \(nightStart)-\(nightEnd) \(timeZone), strangers remembered \(Int(strangerWindow)) s"
    }
}
