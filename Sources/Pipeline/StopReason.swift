/// Why an analysis run ended, as the summary, its JSON and the logs name it.
public enum StopReason: String, Codable, Sendable, CustomStringConvertible {
    /// Still running.
    case running
    /// A recording reached its end.
    case end
    /// `stop()` (Ctrl-C, SIGTERM, a camera service stopping).
    case interrupted
    /// The `maxSeconds` limit was reached.
    case duration
    /// A live source was lost and could not be reached again, or was still lost at the end.
    case streamLost = "stream_lost"
    /// Nothing could be decoded, or a recording broke part-way.
    case failed

    public var description: String { rawValue }
}

/// Whether the decoder decodes every frame or only keyframes (sampling sparser than the GOP).
public enum DecodeMode: String, Codable, Sendable, CustomStringConvertible {
    case full, keyframes

    public var description: String { rawValue }
}
