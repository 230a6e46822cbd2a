public import AnalysisKit
public import Foundation
public import Incidents
import Media
import Pipeline

/// The sink `analyze` and `serve` give an analysis: writes each pass as a sighting (and its incident), with the
/// snapshot and crop as JPEG files.
///
/// The row matters more than the picture: when a snapshot cannot be encoded or written (a full disk, a directory
/// replaced by a file), the sighting and its incident are still stored, without the image, and the failure is
/// returned for the caller to log and count. A sighting the store refuses is tried again after each of
/// `retryDelays` (a locked or busy database, descriptors or disk space running out pass): each attempt is one
/// transaction that a refusal rolls back whole, so a retry never stores it twice; only a refusal that outlasts them
/// (or one while the camera stops) is the caller's to count as lost.
///
/// Unchecked `Sendable`: the analysis calls it from one thread at a time (`prepare` before the run, then `record`
/// on its camera's serial queue), which is all the JPEG encoder needs.
public final class Recorder: PassSink, @unchecked Sendable {
    private let store: CameraStore
    private let camera: Camera
    private let snapshotDirectory: URL?
    private let encoder = JPEGEncoder()
    private let repeatWindow: TimeInterval
    private let retryDelays: [Duration]

    /// The waits before the second, third and fourth attempt to store a sighting: about 5 s in all, longer than a
    /// checkpoint or a burst of other cameras' writes holds the database, short enough not to stall the camera's
    /// later writes for long.
    public static let retryDelays: [Duration] = [.milliseconds(250), .seconds(1), .seconds(4)]

    /// - Parameters:
    ///   - snapshotDirectory: where snapshots and crops go, in a folder per camera; nil keeps none.
    ///   - repeatWindow: a hit on a subject with an incident open this recently joins it.
    public convenience init(store: IncidentStore, camera: Camera, snapshotDirectory: URL?, repeatWindow: TimeInterval = 300,
                            retryDelays: [Duration] = Recorder.retryDelays) {
        self.init(store: .sqlite(store), camera: camera, snapshotDirectory: snapshotDirectory, repeatWindow: repeatWindow,
                  retryDelays: retryDelays)
    }

    /// The same on either store (`CameraStore`).
    public init(store: CameraStore, camera: Camera, snapshotDirectory: URL?, repeatWindow: TimeInterval = 300,
                retryDelays: [Duration] = Recorder.retryDelays) {
        self.store = store
        self.repeatWindow = repeatWindow
        self.retryDelays = retryDelays
        self.camera = camera
        self.snapshotDirectory = snapshotDirectory
    }

    /// Checks that this camera's snapshot folder can be created and written, so a run does not start only to
    /// lose every picture; then saves the camera, which its sightings refer to.
    public func prepare() throws {
        if let snapshotDirectory { try Self.checkWritable(snapshotDirectory, camera: camera) }
        try store.save(camera)
    }

    private static func checkWritable(_ directory: URL, camera: Camera) throws {
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
    public func record(_ pass: Pass, of run: PassRun, onRetry: (any Error, Duration) -> Void) throws -> Recorded {
        var images: (snapshot: String?, crop: String?) = (nil, nil), snapshotError: (any Error)?
        do { try saveImages(of: pass, into: &images) } catch { snapshotError = error }
        let origin = run.origin, kind = Sighting.Kind(pass.kind)
        let sighting = Sighting(
            cameraId: camera.id, kind: kind, label: pass.label,
            firstSeen: origin.addingTimeInterval(pass.firstTime), lastSeen: origin.addingTimeInterval(pass.lastTime),
            bestTime: origin.addingTimeInterval(pass.bestFrame.time), mediaOffset: pass.bestFrame.time,
            box: (pass.box.x, pass.box.y, pass.box.width, pass.box.height), confidence: pass.confidence, frames: pass.frames,
            snapshotPath: images.snapshot, cropPath: images.crop, details: pass.details, position: groundPosition(of: pass))
        // Dispatch sends forces to the incident's position: the ground under a drone's sighting, else the camera's.
        let place = sighting.position ?? camera.coordinate
        let incident = pass.incident.map {
            Incident(cameraId: camera.id, kind: kind, subject: $0.subject, watchlist: $0.watchlist, reason: $0.reason,
                     severity: $0.severity, latitude: place?.latitude, longitude: place?.longitude)
        }
        let (stored, raised, isNew) = try retrying(onRetry, while: run.mayRetry) {
            // Dated at each attempt: the sighting keeps when the subject was seen, the incident when it was raised.
            let raisedAt = run.isLive ? Date() : sighting.lastSeen
            var incident = incident
            incident?.createdAt = raisedAt
            return try store.record(sighting, incident: incident, faceEmbedding: pass.faceEmbedding, repeatWindow: repeatWindow,
                                    raisedAt: raisedAt)
        }
        return Recorded(sightingID: stored.id ?? 0, incidentID: raised.map { $0.id ?? 0 }, isNewIncident: isNew,
                        isPositioned: stored.position != nil, snapshotFailure: snapshotError.map(Self.reason))
    }

    private func retrying<T>(_ onRetry: (any Error, Duration) -> Void, while mayRetry: () -> Bool,
                             _ body: () throws -> T) throws -> T {
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

extension Sighting.Kind {
    /// The sighting kind a pass of this detection kind is stored as.
    init(_ kind: DetectionKind) {
        switch kind {
        case .motion: self = .motion
        case .face: self = .face
        case .plate: self = .plate
        }
    }
}
