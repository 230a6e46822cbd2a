import Foundation
import Incidents
import Media

/// Writes a pass as a sighting (and its incident), with the snapshot and crop as JPEG files.
final class Recorder {
    private let store: IncidentStore
    private let camera: Camera
    private let snapshotDirectory: URL?
    private let origin: Date
    private let encoder = JPEGEncoder()
    private let repeatWindow: TimeInterval

    /// - Parameters:
    ///   - origin: the wall-clock time of media time 0.
    ///   - repeatWindow: a hit on a subject with an incident open this recently joins it.
    init(store: IncidentStore, camera: Camera, snapshotDirectory: URL?, origin: Date, repeatWindow: TimeInterval = 300) {
        self.store = store
        self.repeatWindow = repeatWindow
        self.camera = camera
        self.snapshotDirectory = snapshotDirectory
        self.origin = origin
    }

    func record(_ pass: Pass) throws -> (Sighting, Incident?, isNew: Bool) {
        let stem = "\(pass.kind.rawValue)-\(Int(pass.bestFrame.time * 1000))-\(UUID().uuidString.prefix(8))"
        let snapshot = try save(try encoder.encode(pass.bestFrame, maxWidth: 1280), name: "\(stem).jpg")
        let crop = pass.keepsCrop ? try save(try encoder.encode(pass.bestFrame, crop: pass.box), name: "\(stem)-crop.jpg") : nil
        let box = pass.box
        let sighting = Sighting(
            cameraId: camera.id, kind: pass.kind, label: pass.label,
            firstSeen: origin.addingTimeInterval(pass.firstTime), lastSeen: origin.addingTimeInterval(pass.lastTime),
            bestTime: origin.addingTimeInterval(pass.bestFrame.time), mediaOffset: pass.bestFrame.time,
            box: (box.x, box.y, box.width, box.height), confidence: pass.confidence, frames: pass.frames,
            snapshotPath: snapshot, cropPath: crop, details: pass.details)
        let incident = pass.incident.map {
            Incident(cameraId: camera.id, kind: pass.kind, subject: $0.subject, watchlist: $0.watchlist, reason: $0.reason,
                     severity: $0.severity, latitude: camera.latitude, longitude: camera.longitude,
                     createdAt: origin.addingTimeInterval(pass.lastTime))
        }
        return try store.record(sighting, incident: incident, repeatWindow: repeatWindow)
    }

    private func save(_ bytes: [UInt8], name: String) throws -> String? {
        guard let snapshotDirectory else { return nil }
        let folder = snapshotDirectory.appendingPathComponent(camera.id, isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url, options: .atomic)
        return url.path
    }
}
