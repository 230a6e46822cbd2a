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
