import Media

/// The reader's running state across reconnections: sampling, thumbnails for motion, numbering, time covered.
struct Feed {
    var sampler: Sampler
    let thumbnails: Scaler
    private(set) var previousThumbnail: Image?
    /// Sampled frames handed to the workers so far.
    private(set) var sequence = 0
    /// Frames decoded so far, over every connection.
    private(set) var frameIndex = 0
    private var finishedSeconds = 0.0
    private var span: (first: Double, last: Double)?

    init(policy: SamplingPolicy, thumbnailWidth: Int = 96) {
        sampler = Sampler(policy)
        thumbnails = Scaler(format: .gray8, maxWidth: thumbnailWidth, smooth: true)
    }

    mutating func decoded(time: Double) {
        frameIndex += 1
        span = (span?.first ?? time, time)
    }

    mutating func sampled(_ thumbnail: Image) {
        previousThumbnail = thumbnail
        sequence += 1
    }

    /// Time of the latest decoded frame of this connection.
    var lastTime: Double? { span?.last }

    /// A live connection ended: its time counts, and motion does not difference across the gap (the first frame of
    /// the next connection is looked at whole).
    mutating func endConnection() {
        endRound()
        previousThumbnail = nil
    }

    /// A looped recording starts again: its time counts, and the picture stays, so a still scene stays still across
    /// the loop and a jump from the last frame to the first is seen as the cut it is.
    mutating func endRound() {
        if let span { finishedSeconds += span.last - span.first }
        span = nil
    }

    /// Media time covered: the spans of all connections, plus one frame's duration for the last frame.
    func mediaSeconds(frameRate: Double?) -> Double {
        guard let span else { return finishedSeconds }
        return finishedSeconds + span.last - span.first + 1 / (frameRate ?? 25)
    }
}
