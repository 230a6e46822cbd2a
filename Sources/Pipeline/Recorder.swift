import Foundation
import Incidents
import Media

/// Writes a pass as a sighting (and its incident), with the snapshot and crop as JPEG files.
///
/// The row matters more than the picture: when a snapshot cannot be encoded or written (a full disk, a directory
/// replaced by a file), the sighting and its incident are still stored, without the image, and the failure is
/// returned for the caller to log and count. A sighting the store refuses is tried again after each of
/// `retryDelays` (a locked or busy database, descriptors or disk space running out pass): each attempt is one
/// transaction that a refusal rolls back whole, so a retry never stores it twice; only a refusal that outlasts them
/// (or one while the camera stops) is the caller's to count as lost.
final class Recorder {
    /// What `record` stored, and the snapshot failure if the images were left out.
    struct Recorded {
        let sighting: Sighting
        let incident: Incident?
        let isNew: Bool
        let snapshotError: (any Error)?
    }

    private let store: IncidentStore
    private let camera: Camera
    private let snapshotDirectory: URL?
    private let origin: Date
    private let encoder = JPEGEncoder()
    private let repeatWindow: TimeInterval
    private let retryDelays: [Duration]
    private let raisesAtCommit: Bool
    private let mayRetry: @Sendable () -> Bool

    /// The waits before the second, third and fourth attempt to store a sighting: about 5 s in all, longer than a
    /// checkpoint or a burst of other cameras' writes holds the database, short enough not to stall the camera's
    /// later writes for long.
    static let retryDelays: [Duration] = [.milliseconds(250), .seconds(1), .seconds(4)]

    /// - Parameters:
    ///   - origin: the wall-clock time of media time 0.
    ///   - repeatWindow: a hit on a subject with an incident open this recently joins it.
    ///   - raisesAtCommit: a live camera's incidents are dated when they are committed, so a late alert shows as
    ///     late; a recording's at the media time of the pass's last frame, so last week's footage files its incidents
    ///     under last week.
    ///   - mayRetry: false while the camera stops: a refusal then counts as lost at once rather than holding up the
    ///     shutdown by the retries of every queued pass.
    init(store: IncidentStore, camera: Camera, snapshotDirectory: URL?, origin: Date, repeatWindow: TimeInterval = 300,
         retryDelays: [Duration] = Recorder.retryDelays, raisesAtCommit: Bool = true,
         mayRetry: @escaping @Sendable () -> Bool = { true }) {
        self.store = store
        self.repeatWindow = repeatWindow
        self.retryDelays = retryDelays
        self.raisesAtCommit = raisesAtCommit
        self.mayRetry = mayRetry
        self.camera = camera
        self.snapshotDirectory = snapshotDirectory
        self.origin = origin
    }

    /// Checks that this camera's snapshot folder can be created and written, so a run does not start only to
    /// lose every picture.
    static func prepare(_ directory: URL, camera: Camera) throws {
        let folder = directory.appendingPathComponent(camera.id, isDirectory: true)
        do {
            let probe = folder.appendingPathComponent(".sharpeyes-write-test-\(try RandomID.hex(8))")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data().write(to: probe)
            try FileManager.default.removeItem(at: probe)
        } catch {
            throw AnalysisError(.snapshots, "cannot write snapshots to \(folder.path): \(Self.reason(error))")
        }
    }

    /// Stores the pass; `onRetry` hears of each refusal that will be tried again, and after how long.
    func record(_ pass: Pass, onRetry: (any Error, Duration) -> Void = { _, _ in }) throws -> Recorded {
        var images: (snapshot: String?, crop: String?) = (nil, nil), snapshotError: (any Error)?
        do { try saveImages(of: pass, into: &images) } catch { snapshotError = error }
        let sighting = Sighting(
            cameraId: camera.id, kind: pass.kind, label: pass.label,
            firstSeen: origin.addingTimeInterval(pass.firstTime), lastSeen: origin.addingTimeInterval(pass.lastTime),
            bestTime: origin.addingTimeInterval(pass.bestFrame.time), mediaOffset: pass.bestFrame.time,
            box: (pass.box.x, pass.box.y, pass.box.width, pass.box.height), confidence: pass.confidence, frames: pass.frames,
            snapshotPath: images.snapshot, cropPath: images.crop, details: pass.details, position: groundPosition(of: pass))
        // Dispatch sends forces to the incident's position: the ground under a drone's sighting, else the camera's.
        let place = sighting.position ?? camera.coordinate
        let incident = pass.incident.map {
            Incident(cameraId: camera.id, kind: pass.kind, subject: $0.subject, watchlist: $0.watchlist, reason: $0.reason,
                     severity: $0.severity, latitude: place?.latitude, longitude: place?.longitude)
        }
        let (stored, raised, isNew) = try retrying(onRetry) {
            // Dated at each attempt: the sighting keeps when the subject was seen, the incident when it was raised.
            let raisedAt = raisesAtCommit ? Date() : sighting.lastSeen
            var incident = incident
            incident?.createdAt = raisedAt
            return try store.record(sighting, incident: incident, faceEmbedding: pass.faceEmbedding, repeatWindow: repeatWindow,
                                    raisedAt: raisedAt)
        }
        return Recorded(sighting: stored, incident: raised, isNew: isNew, snapshotError: snapshotError)
    }

    private func retrying<T>(_ onRetry: (any Error, Duration) -> Void, _ body: () throws -> T) throws -> T {
        for delay in retryDelays {
            do { return try body() } catch where mayRetry() {
                onRetry(error, delay)
                Thread.sleep(forTimeInterval: delay.seconds)
            }
        }
        return try body()
    }

    /// The ground point under the pass's box in its best frame, from that frame's drone telemetry; nil without it.
    private func groundPosition(of pass: Pass) -> (latitude: Double, longitude: Double)? {
        guard let telemetry = pass.bestFrame.telemetry else { return nil }
        let x = Double(pass.box.x) + Double(pass.box.width) / 2, y = Double(pass.box.y) + Double(pass.box.height) / 2
        return GroundProjection(telemetry: telemetry)
            .point(x: x, y: y, width: pass.bestFrame.width, height: pass.bestFrame.height)
            .map { ($0.latitude, $0.longitude) }
    }

    /// Writes the snapshot, then the crop; what was written before a failure keeps its path.
    private func saveImages(of pass: Pass, into images: inout (snapshot: String?, crop: String?)) throws {
        guard snapshotDirectory != nil else { return }
        let stem = "\(pass.kind.rawValue)-\(Int(pass.bestFrame.time * 1000))-\(try RandomID.hex(8))"
        images.snapshot = try save(try snapshot(of: pass), name: "\(stem).jpg")
        if pass.keepsCrop { images.crop = try save(try encoder.encode(pass.bestFrame, crop: pass.box), name: "\(stem)-crop.jpg") }
    }

    /// The whole frame at most 1280 wide; for wider frames (eagle-eye 4K) a 1920x1080 window of full-resolution pixels
    /// around the sighting instead, where scaling the whole view down would leave a face a few pixels wide.
    private func snapshot(of pass: Pass) throws -> [UInt8] {
        let frame = pass.bestFrame
        guard frame.width > Self.fullResolutionWindow.width, pass.kind != .motion else {
            return try encoder.encode(frame, maxWidth: 1280)
        }
        let width = min(Self.fullResolutionWindow.width, frame.width), height = min(Self.fullResolutionWindow.height, frame.height)
        let x = min(max(0, pass.box.x + pass.box.width / 2 - width / 2), frame.width - width)
        let y = min(max(0, pass.box.y + pass.box.height / 2 - height / 2), frame.height - height)
        return try encoder.encode(frame, crop: Box(x: x & ~1, y: y & ~1, width: width, height: height))
    }

    static let fullResolutionWindow = (width: 1920, height: 1080)

    private func save(_ bytes: [UInt8], name: String) throws -> String? {
        guard let snapshotDirectory else { return nil }
        let folder = snapshotDirectory.appendingPathComponent(camera.id, isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url, options: .atomic)
        return url.path
    }

    /// Foundation's file errors in one line: the POSIX reason when there is one.
    static func reason(_ error: any Error) -> String {
        guard let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError,
              underlying.domain == NSPOSIXErrorDomain else { return error.localizedDescription }
        return String(cString: strerror(Int32(underlying.code)))
    }
}
