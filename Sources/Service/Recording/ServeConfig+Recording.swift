import Incidents
import Logging

extension ServeConfig {
    /// The clip settings of a camera: clips go beside its snapshots; nil when its recording is off.
    func recording(for camera: Camera) -> RecordingSettings? {
        let recording = camera.recording
        guard recording.mode != .off else { return nil }
        var clips = RecordingSettings(directory: storage.snapshots)
        clips.preRoll = recording.preRoll
        clips.postRoll = recording.postRoll
        clips.maxSeconds = max(recording.maxClip, recording.preRoll + recording.postRoll)
        clips.ringBytes = recording.ringMiB << 20
        clips.segmentSeconds = recording.mode == .continuous ? recording.segmentSeconds : nil
        return clips
    }
}

extension ServeConfig {
    /// The retention of continuous recording, when a camera records continuously: each such camera's `retain_days`,
    /// and the largest `min_free_space` any of them asks for.
    func segmentRetention(store: IncidentStore, logger: Logger) -> SegmentRetention? {
        let recording = cameras.filter { $0.recording.mode == .continuous }
        guard !recording.isEmpty else { return nil }
        let days = Dictionary(recording.map { ($0.id, $0.recording.retainDays) }, uniquingKeysWith: max)
        let minFree = recording.map(\.recording.minFreeSpace).max() ?? 0
        return SegmentRetention(store: store, directory: storage.snapshots, retainDays: days,
                                minFreeBytes: Int64(minFree * Double(1 << 30)), logger: logger)
    }
}
