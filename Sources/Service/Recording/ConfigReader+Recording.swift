extension ServeConfig {
    /// `recording: {mode, pre_roll, post_roll, max_clip, ring_mib, segment_seconds, retain_days, min_free_space}`,
    /// per camera or in `defaults` (a camera's keys override the defaults' one by one).
    public struct Recording: Sendable, Equatable {
        /// `events`: each incident gets a clip (the default); `continuous`: clips, and every minute is kept in
        /// segments; `off`: no video is kept.
        public enum Mode: String, Sendable, CaseIterable { case off, events, continuous }

        public var mode = Mode.events
        /// Seconds before the hit.
        public var preRoll = 10.0
        /// Seconds after the hit (and after each later sighting of the subject while the clip is written).
        public var postRoll = 20.0
        /// The longest clip; never shorter than pre-roll plus post-roll.
        public var maxClip = 120.0
        /// The packet ring's memory bound per camera, in MiB.
        public var ringMiB = 32
        /// The length of continuous recording's segments (each cut at the first keyframe past it).
        public var segmentSeconds = 10.0
        /// Days continuous recording is kept (0: until space runs short); evidence is kept longer.
        public var retainDays = 7
        /// Below this much free space (GiB) on the recording's disk the oldest segments go first.
        public var minFreeSpace = 1.0

        public init() {}

        static let keys = ["mode", "pre_roll", "post_roll", "max_clip", "ring_mib", "segment_seconds", "retain_days", "min_free_space"]
        static let preRollRange = 0.0...60.0
        static let postRollRange = 1.0...300.0
        static let maxClipRange = 1.0...600.0
        static let ringMiBRange = 1...1024
        static let segmentSecondsRange = 2.0...600.0
        static let retainDaysRange = 0...3650
        static let minFreeSpaceRange = 0.0...100_000.0
    }
}

extension ConfigReader {
    /// The recording settings of `field` over `base` (the built-in ones, or those of `defaults:`).
    func recording(_ field: Field?, over base: ServeConfig.Recording) -> ServeConfig.Recording {
        var recording = base
        guard let field, let given = mapping(field, known: ServeConfig.Recording.keys) else { return recording }
        func read<T>(_ key: String, _ value: inout T, _ convert: (Field) -> T?) {
            if let read = given[key].flatMap(convert) { value = read }
        }
        read("mode", &recording.mode, recordingMode)
        read("pre_roll", &recording.preRoll) { number($0, .within(ServeConfig.Recording.preRollRange)) }
        read("post_roll", &recording.postRoll) { number($0, .within(ServeConfig.Recording.postRollRange)) }
        read("max_clip", &recording.maxClip) { number($0, .within(ServeConfig.Recording.maxClipRange)) }
        read("ring_mib", &recording.ringMiB) { integer($0, in: ServeConfig.Recording.ringMiBRange) }
        read("segment_seconds", &recording.segmentSeconds) { number($0, .within(ServeConfig.Recording.segmentSecondsRange)) }
        read("retain_days", &recording.retainDays) { integer($0, in: ServeConfig.Recording.retainDaysRange) }
        read("min_free_space", &recording.minFreeSpace) { number($0, .within(ServeConfig.Recording.minFreeSpaceRange)) }
        return recording
    }

    private func recordingMode(_ field: Field) -> ServeConfig.Recording.Mode? {
        // YAML 1.1 reads a bare `off` as a boolean; the text is what was written.
        guard let text = field.node.text else {
            log.add(field, "expected off, events or continuous, got \(field.node.kindDescription)")
            return nil
        }
        if let mode = ServeConfig.Recording.Mode(rawValue: text) { return mode }
        log.add(field, "expected off, events or continuous, got \(quoted(text))")
        return nil
    }
}
