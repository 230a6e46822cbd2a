import Media

extension AnalysisOptions {
    /// Timeouts `check()` accepts: a live source silent for more than five minutes is lost, and
    /// zero or less would switch stall detection off.
    public static let timeoutRange: ClosedRange<Duration> = .microseconds(1) ... .seconds(300)
    public static let analysisWidthRange = 16...7680

    /// Throws `AnalysisError.invalidOptions` naming the first option out of range; `Analysis.run()` calls it first.
    public func check() throws {
        if let problem = problems.first { throw AnalysisError(.invalidOptions, "invalid analysis options: \(problem)") }
    }

    private var problems: [String] {
        var found: [String] = []
        if let problem = sampling.problem { found.append(problem) }
        if !(1...WorkerPool.maxWorkers).contains(workers) { found.append("workers must be 1 to \(WorkerPool.maxWorkers), got \(workers)") }
        if !(0...ReaderOptions.maxThreads).contains(decoderThreads) {
            found.append("decoder threads must be 0 to \(ReaderOptions.maxThreads), got \(decoderThreads)")
        }
        if !(16...1920).contains(motionWidth) { found.append("motion width must be 16 to 1920, got \(motionWidth)") }
        if queueCapacity < 1 { found.append("queue capacity must be 1 or more, got \(queueCapacity)") }
        if !Self.analysisWidthRange.contains(analysisWidth) { found.append("analysis width must be 16 to 7680, got \(analysisWidth)") }
        for (name, value) in [("read timeout", source.readTimeout), ("open timeout", source.openTimeout)]
            where !Self.timeoutRange.contains(value) {
            found.append("\(name) must be more than 0 and at most 300 s, got \(value)")
        }
        if let maxSeconds, !(maxSeconds > 0 && maxSeconds.isFinite) { found.append("duration must be more than 0 s, got \(maxSeconds)") }
        if !(repeatWindow >= 0 && repeatWindow.isFinite) { found.append("repeat window must be 0 s or more, got \(repeatWindow)") }
        if reconnect.attempts < 1 { found.append("reconnect attempts must be 1 or more, got \(reconnect.attempts)") }
        return found
    }
}
