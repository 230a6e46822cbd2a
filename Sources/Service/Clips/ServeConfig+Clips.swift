extension ServeConfig {
    /// The clip settings of a camera: clips go beside its snapshots; nil when its recording is off.
    func clips(for camera: Camera) -> ClipSettings? {
        let recording = camera.recording
        guard recording.mode == .events else { return nil }
        var clips = ClipSettings(directory: storage.snapshots)
        clips.preRoll = recording.preRoll
        clips.postRoll = recording.postRoll
        clips.maxSeconds = max(recording.maxClip, recording.preRoll + recording.postRoll)
        clips.ringBytes = recording.ringMiB << 20
        return clips
    }
}
