import Foundation
public import Incidents
public import Logging
import Media
import Synchronization
import Toolkit

/// The video one camera keeps. Each new incident gets a `ClipCapture` on a thread of its own (it waits for the
/// post-roll to arrive); the clip's row is stored only once the file is complete under its final name, so no row
/// ever names a half-written file. A later sighting of the same subject extends the clip. In continuous mode a
/// `SegmentRecorder` per analysis run also keeps every minute (`CameraRecording+Segments`).
public final class CameraRecording: Sendable {
    public let settings: RecordingSettings
    let store: IncidentStore
    let camera: String
    let logger: Logger
    private let active = Mutex<[Int64: ClipCapture]>([:])
    /// Continuous recorders running, one per analysis run (ended runs' recorders finish their last segment).
    let recorders = Mutex<[ObjectIdentifier: SegmentRecorder]>([:])

    /// Removes the temporary files of clips a killed process left in the camera's clip folder.
    public init(settings: RecordingSettings, store: IncidentStore, camera: String, logger: Logger) {
        self.settings = settings
        self.store = store
        self.camera = camera
        self.logger = logger
        let removed = ClipCapture.removeUnfinished(in: settings.folder(camera: camera).path)
            + ClipCapture.removeUnfinished(in: settings.segmentFolder(camera: camera).path)
        if removed > 0 { logger.notice("removed \(removed) unfinished clip file(s) of an earlier run") }
    }

    /// Clips and segment recorders writing now.
    public var writing: Int { active.withLock { $0.count } + recorders.withLock { $0.count } }

    /// Starts the clip of a new incident whose hit (the snapshot's frame) is at `hit` on the analysis time line.
    func start(incident id: Int64, hit: Double, origin: Date, ring: PacketRing) {
        let folder = settings.folder(camera: camera)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            return logger.error("no clip for incident \(id): cannot create \(folder.path): \(error.localizedDescription)")
        }
        let from = hit - settings.preRoll
        let capture = ClipCapture(ring: ring, path: folder.appendingPathComponent("incident-\(id).mp4").path, from: from,
                                  until: hit + settings.postRoll, latest: from + settings.maxSeconds)
        active.withLock { $0[id] = capture }
        let thread = Thread { [self] in write(capture, incident: id, hit: hit, origin: origin) }
        thread.name = "clip-\(id)"
        thread.start()
    }

    /// The subject of an incident whose clip is being written was seen again, up to `time`.
    func seenAgain(incident id: Int64, until time: Double) {
        active.withLock { $0[id] }?.extend(until: time + settings.postRoll)
    }

    /// Waits (up to `limit`) until every clip under way is written: the analysis ended, so they end soon.
    public func waitUntilWritten(within limit: Duration) async {
        if !(await Periodic(every: .milliseconds(100)).poll(within: limit) { writing == 0 }) {
            logger.warning("\(writing) clip(s) still being written; stopping them")
            active.withLock { $0.values.forEach { $0.stop() } }
            recorders.withLock { $0.values.forEach { $0.stop() } }
        }
    }

    private func write(_ capture: ClipCapture, incident id: Int64, hit: Double, origin: Date) {
        defer { _ = active.withLock { $0.removeValue(forKey: id) } }
        let clip: ClipCapture.Clip
        do {
            clip = try capture.run()
        } catch {
            return logger.error("no clip for incident \(id): \(error)")
        }
        let row = IncidentClip(incidentId: id, path: clip.path, startedAt: origin.addingTimeInterval(clip.start),
                               seconds: clip.seconds, hitOffset: hit - clip.start, bytes: clip.bytes)
        do {
            try store.saveClip(row)
        } catch {
            // No row may name the file, and a file no row names is only litter.
            unlink(clip.path)
            return logger.error("clip of incident \(id) not kept: \(error)")
        }
        logger.info("clip of incident \(id) written", metadata: [
            "clip.seconds": "\(String(format: "%.1f", clip.seconds))", "clip.bytes": "\(clip.bytes)",
            "clip.hit_offset": "\(String(format: "%.1f", row.hitOffset))", "clip.cut_short": "\(clip.cutShort ?? "no")",
        ])
    }
}
