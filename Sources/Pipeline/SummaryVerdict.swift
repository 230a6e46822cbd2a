extension Summary {
    /// A run that ended on its own (at the end of the input or of `--duration`) is judged by what it did:
    /// nothing decoded is a failure, never a silent success, and a live source that stalled and was still lost
    /// at the end is `stream_lost`. Interrupted runs keep their reason: someone asked them to stop.
    mutating func judgeOwnEnd(source: String) {
        guard stopReason == .end || stopReason == .duration else { return }
        if framesDecoded == 0 {
            stopReason = .failed
            let errors = decodeErrors > 0 ? " (\(decodeErrors) decode errors)" : ""
            error = error ?? (live ? "no frame arrived from \(source) in \(Int(wallSeconds)) s" : "no frame could be decoded from \(source)\(errors)")
        } else if let gap = gaps.last, gap.resumedAt == nil {
            stopReason = .streamLost
            error = error ?? "the source stalled at \(Int(gap.lostAt)) s and was still lost at the end: \(gap.reason)"
        }
    }
}
