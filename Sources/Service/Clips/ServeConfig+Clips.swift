extension ServeConfig {
    /// The clip settings of a camera: clips go beside its snapshots, with the default rolls.
    func clips(for camera: Camera) -> ClipSettings? {
        ClipSettings(directory: storage.snapshots)
    }
}
