import Dispatching
import Incidents
import Recognition
import Severities

/// What `config check` prints about a valid config: what would run.
extension ServeConfig {
    /// One line per setting group, then one per camera.
    public var summary: [String] {
        let enabled = cameras.filter(\.enabled).count
        return [
            "node: \(nodeText)",
            "storage: \(storageText), snapshots \(storage.snapshots), \(retentionText)",
            "workers: \(workers)",
            "http: listen \(http.listen)" + (http.publicURL.map { ", public URL \($0)" } ?? ""),
            "recognition: \(recognitionText)",
            "dispatch: \(dispatch.forces.count) forces, \(dispatch.grids.count) grids, \(dispatch.rules.count) rules",
            "cameras: \(cameras.count) (\(enabled) enabled)",
        ] + cameras.map { "  " + $0.summary } + (gb28181.map { [$0.summary] } ?? []) + (alarms.map { [$0.summary] } ?? [])
            + communities.map(\.summary)
    }

    /// `gate-node (analysis, api), capacity 12`, and where the GB/T 28181 platform runs.
    private var nodeText: String {
        let roles = node.roles.map(\.rawValue).sorted().joined(separator: ", ")
        let capacity = node.givenCapacity.map { "capacity \($0)" } ?? "every camera listed here"
        var platform = gb28181 == nil ? "" : "; the GB/T 28181 platform runs here, on this one node (devices register to one address)"
        if gb28181 != nil, storage.postgres != nil { platform += ": its channels are not shared out by leases" }
        return "\(node.id) (\(roles)), \(capacity)\(platform)"
    }

    /// The SQLite file, or the shared PostgreSQL server (its password never shown) and where cameras come from.
    private var storageText: String {
        guard let postgres = storage.postgres else { return "database \(storage.database)" }
        let password = postgres.passwordSource.map { ", password from \($0)" } ?? ""
        let cameras = postgres.camerasFromDatabase
            ? "cameras from the database, shared by leases of \(formatted(postgres.leaseSeconds)) s"
                + (self.cameras.isEmpty ? "" : " (the \(self.cameras.count) below imported at start)")
            : "cameras from this file"
        return "shared PostgreSQL \(postgres.url)\(password), \(cameras)"
    }

    private var retentionText: String {
        func days(_ count: Int?) -> String { count.map { "\($0) days" } ?? "forever" }
        return "keep sightings \(days(storage.retention.sightingsDays)), snapshots \(days(storage.retention.snapshotsDays))"
    }

    private var recognitionText: String {
        let r = recognition, s = r.settings
        return (s.face.detector == .hog ? "" : "face detector \(s.face.detector.rawValue), ")
            + "face tolerance \(formatted(s.face.tolerance)), upsample \(s.face.upsample), "
            + "unknown faces \(s.faceTrack.keepUnknown ? "kept" : "not kept"), repeat window \(formatted(r.repeatWindow)) s, "
            + "plate confusions \(r.plateConfusions), whole-frame interval \(formatted(s.plateWholeFrameInterval)) s, "
            + "tracks close after \(formatted(s.maximumTrackSeconds)) s, cloned plates \(clonedPlatesText)"
    }

    private var clonedPlatesText: String {
        guard let rule = recognition.clonedPlates else { return "off" }
        return "above \(formatted(rule.speedLimitKmh)) km/h (confidence \(formatted(rule.minimumConfidence)), "
            + "look-back \(formatted(rule.lookBack)) s, \(rule.severity.rawValue))"
    }
}

extension ServeConfig.Camera {
    /// `gate-1 fixed rtsp://admin:***@10.0.0.5/stream1, fps 2, motion+faces+plates (motion-gated), enabled`
    public var summary: String {
        let gated = motionGate ? " (motion-gated)" : ""
        let looping = kind == .file ? (loop ? ", loops" : "") + (realtime ? ", real time" : "") : ""
        let named = name == id ? "" : " \"\(name)\""
        let unknown = storeUnknownFaces ? ", unknown faces searchable \(unknownFacesDays) days" : ""
        let access = mode == .access ? ", access mode (a community's gate)" : ""
        return "\(id)\(named) \(kind.rawValue) \(displayURL), \(described(sampling)), "
            + "\(stages.map(\.rawValue).joined(separator: "+"))\(gated)\(looping)\(unknown)\(access), \(enabled ? "enabled" : "disabled")"
    }
}
