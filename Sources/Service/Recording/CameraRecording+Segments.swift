import Foundation
import Incidents
import Logging
import Media
import Synchronization

/// Continuous recording: one `SegmentRecorder` per analysis run, on a thread of its own, following the run's packet
/// ring until the run ends; each complete segment is indexed in the store.
extension CameraRecording {
    /// Starts recording `ring` in segments, when the settings ask for continuous recording.
    func startSegments(ring: PacketRing) {
        guard let seconds = settings.segmentSeconds else { return }
        let folder = settings.segmentFolder(camera: camera)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            return logger.error("no continuous recording: cannot create \(folder.path): \(error.localizedDescription)")
        }
        let recorder = SegmentRecorder(ring: ring, folder: folder.path, segmentSeconds: seconds,
                                       onError: { [logger] in logger.error("recording: \($0)") },
                                       onSegment: { [self] in index($0, ring: ring) })
        recorders.withLock { $0[ObjectIdentifier(recorder)] = recorder }
        let thread = Thread { [self] in
            recorder.run()
            _ = recorders.withLock { $0.removeValue(forKey: ObjectIdentifier(recorder)) }
        }
        thread.name = "recording-\(camera)"
        thread.start()
    }

    /// Stores a complete segment's row. Its times are dated by the wall clock of the newest packet read (the packets
    /// of a live camera, or of a recording read in real time, arrive as they were filmed).
    private func index(_ segment: SegmentRecorder.Segment, ring: PacketRing) {
        let now = Date(), newest = ring.newestTime ?? segment.end
        let row = RecordingSegment(cameraId: camera, path: segment.path,
                                   startedAt: now.addingTimeInterval(segment.start - newest),
                                   endedAt: now.addingTimeInterval(segment.end - newest), bytes: segment.bytes,
                                   keyframes: segment.keyframes)
        do {
            try store.saveSegment(row)
        } catch {
            unlink(segment.path)
            logger.error("recording segment not kept: \(error)")
        }
    }
}
