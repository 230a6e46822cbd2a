import AnalysisKit
import Foundation
import Logging
import Media

/// The reader side of an analysis: decode, sample, queue; reconnect lost sources; loop and pace recordings.
extension Analysis {
    enum Outcome { case finished(StopReason), lost(String), looped }

    /// The reader loop. Returns the number of frames queued.
    func read(first: MediaReader, queue: WorkQueue, lane: Lane) -> Int {
        var reader: MediaReader? = first
        var feed = Feed(policy: options.sampling, thumbnailWidth: options.motionWidth)
        var failures = 0
        var connectedAt = ContinuousClock.now
        var timeOffset = 0.0
        stats.update {
            $0.live = first.source.isLive
            $0.mediaDuration = first.source.duration
            $0.tiling = options.tiling?.summary(width: first.source.width, height: first.source.height)
        }
        while !isStopping {
            guard let current = reader else {
                if liveDurationReached {
                    stats.update { $0.stopReason = .duration }
                    return feed.sequence
                }
                feed.endConnection()
                if ContinuousClock.now - connectedAt >= options.reconnect.healthyAfter { failures = 0 }
                reader = reconnectAfterLoss(failures: &failures, timeOffset: timeOffset)
                connectedAt = .now
                continue
            }
            let outcome = drain(current, feed: &feed, queue: queue, lane: lane)
            let mediaSeconds = feed.mediaSeconds(frameRate: current.source.frameRate)
            stats.update { $0.decodeErrors += current.decodeErrors; $0.mediaSeconds = mediaSeconds }
            if current.source.hasTelemetry { noteTelemetry(of: current) }
            switch outcome {
            case .finished(let reason):
                stats.update { $0.stopReason = reason }
                return feed.sequence
            case .lost(let reason):
                stats.update { $0.noteGap(.init(lostAt: self.elapsed, reason: reason)) }
                logger.warning("stream lost: \(reason); reconnecting")
                // No more video of this connection: what was in view is recorded now, not when video returns.
                lane.aggregator.endOfConnection(count: feed.sequence)
                reader = nil
            case .looped:
                // The next round's times continue one frame after this round's last frame.
                timeOffset = (feed.lastTime ?? timeOffset) + 1 / (current.source.frameRate ?? 25)
                feed.endRound()
                reader = reopenForLoop(timeOffset: timeOffset)
                if reader == nil { stats.update { $0.noteGap(.init(lostAt: self.elapsed, reason: "cannot reopen")) } }
            }
        }
        stats.update { if $0.stopReason == .running { $0.stopReason = .interrupted } }
        return feed.sequence
    }

    private func drain(_ reader: MediaReader, feed: inout Feed, queue: WorkQueue, lane: Lane) -> Outcome {
        let live = reader.source.isLive
        var pace: (wall: ContinuousClock.Instant, media: Double)?
        do {
            while let info = try reader.decodeNext() {
                stats.update { $0.framesDecoded += 1; $0.mediaPosition = info.time }
                if pace == nil { stats.live { $0.state = .live; $0.retryIn = nil; $0.failedAttempts = 0 } }
                if let limit = options.maxSeconds, info.time >= limit { return .finished(.duration) }
                if isStopping { return .finished(.interrupted) }
                if options.realtime && !live { keepPace(&pace, time: info.time) } else { pace = pace ?? (.now, info.time) }
                try switchToKeyframesIfSparse(reader)
                feed.decoded(time: info.time)
                let sampled = feed.sampler.shouldSample(time: info.time, index: feed.frameIndex - 1, isKeyframe: info.isKeyframe)
                if options.skipsUnsampledDeblocking, let due = feed.sampler.nextDue {
                    // Half a frame early: frame times jitter a little (live ones are the wall clock at decoding).
                    reader.undeblockedBefore = due - 0.5 / (reader.source.frameRate ?? 25)
                }
                guard sampled else { continue }
                try queueFrame(reader, feed: &feed, queue: queue, lane: lane, live: live)
            }
        } catch let error as MediaError where error.kind == .streamLost {
            return isStopping ? .finished(.interrupted) : .lost(error.message)
        } catch {
            // `stop()` cuts a read short and FFmpeg reports that as an error of its own: it is the stop, not a failure.
            if isStopping { return .finished(.interrupted) }
            stats.update { $0.error = "\(error)" }
            stats.live { $0.lastError = "\(error)" }
            logger.error("\(error)")
            // A live source is reconnected; a recording that fails part-way is not read again from the start.
            return live ? .lost("\(error)") : .finished(.failed)
        }
        if isStopping { return .finished(.interrupted) }
        if live { return .lost("stream ended") }
        return options.loop ? .looped : .finished(.end)
    }

    private func queueFrame(_ reader: MediaReader, feed: inout Feed, queue: WorkQueue, lane: Lane, live: Bool) throws {
        let frame = try reader.retainCurrent()
        let thumbnail = try feed.thumbnails.convert(frame)
        var item = WorkItem(sequence: feed.sequence, frame: frame, thumbnail: thumbnail,
                            previousThumbnail: feed.previousThumbnail, lane: lane)
        // Only a live lane drops frames, so only there does it matter which are still (a 96-px grey difference).
        if live { item.still = MotionStage().isStill(thumbnail, after: feed.previousThumbnail) }
        feed.sampled(thumbnail)
        stats.update { $0.framesSampled += 1 }
        if let dropped = queue.put(item, lane: lane.id, capacity: options.queueCapacity, dropOldest: live) {
            stats.update { $0.framesDropped += 1 }
            lane.aggregator.skip(sequence: dropped.sequence)
        }
        stats.queueDepth(queue.depth(of: lane.id))
    }

    /// Waits until the wall clock catches up with the media time (a recording read as a camera would send it).
    private func keepPace(_ pace: inout (wall: ContinuousClock.Instant, media: Double)?, time: Double) {
        guard let (wall, media) = pace else { pace = (.now, time); return }
        let due = wall + .clamping(seconds: time - media)
        let now = ContinuousClock.now
        if due > now { pause(due - now) }
    }

    private func switchToKeyframesIfSparse(_ reader: MediaReader) throws {
        if reader.irregularGOP, stats.current.decodeMode == .keyframes {
            stats.update { $0.decodeMode = .full }
            logger.info("keyframes came further apart than the sampling interval: decoding every frame again")
        }
        guard !reader.keyframesOnly, let interval = options.sampling.interval, let gop = reader.observedGOP,
              interval >= gop - 0.001 else { return }
        try reader.switchToKeyframesOnly(maximumGap: interval)
        stats.update { $0.decodeMode = .keyframes }
        logger.info("sampling every \(interval)s is sparser than the \(gop)s GOP: decoding keyframes only")
    }

    /// A live source is analysed for `maxSeconds` of wall-clock time, lost or not: a stalled server must not keep
    /// the run waiting past it.
    var liveDurationReached: Bool { liveTimeLeft == .zero }

    /// Wall-clock time left of `maxSeconds` for a live source; nil for recordings and runs without a limit.
    var liveTimeLeft: Duration? {
        guard let limit = options.maxSeconds, stats.current.live else { return nil }
        return .clamping(seconds: limit - elapsed)
    }

    /// `serve` retries every kind of failure (a missing or undecodable file too); `analyze` only unreachable sources.
    var retriesEveryFailure: Bool { options.reconnect.retriesEveryFailure }

    /// Opens the source, retrying with backoff as the policy allows; nil when stopped.
    /// `failures` counts consecutive failed attempts, also across calls, so a flapping source backs off.
    func connect(failures: inout Int, waitFirst: Bool = false, timeOffset: Double = 0) throws -> MediaReader? {
        var wait = waitFirst
        while !isStopping && !liveDurationReached {
            if wait {
                let delay = options.reconnect.delay(beforeAttempt: max(1, failures))
                let state: CameraState = failures > 0 || stats.current.framesDecoded > 0 ? .reconnecting : .connecting
                stats.live { $0.state = state; $0.retryIn = delay.seconds }
                pause(min(delay, liveTimeLeft ?? delay))
                if isStopping || liveDurationReached { return nil }
            }
            wait = true
            do {
                return try open(timeOffset: timeOffset)
            } catch let error as MediaError where (error.kind == .unreachable || retriesEveryFailure) && !isStopping {
                failures += 1
                let message = "\(error.message)"
                stats.live { $0.failedAttempts = failures; $0.lastError = message; $0.state = .reconnecting }
                guard failures < options.reconnect.attempts else {
                    throw MediaError(error.kind, "\(error.message) (gave up after \(failures) attempts)", code: error.code)
                }
                logger.warning("\(error.message); attempt \(failures) failed, retrying in \(options.reconnect.delay(beforeAttempt: failures))")
            } catch where isStopping {
                return nil  // `stop()` cut the open short: not an unreachable source
            }
        }
        return nil
    }

    /// Reconnects a lost source after a backoff; `nil` when stopped or out of attempts (recorded as the stop reason).
    private func reconnectAfterLoss(failures: inout Int, timeOffset: Double) -> MediaReader? {
        failures += 1
        do {
            guard let reader = try connect(failures: &failures, waitFirst: true, timeOffset: timeOffset) else { return nil }
            stats.update {
                $0.reconnects += 1
                if let last = $0.gaps.indices.last {
                    $0.gaps[last].resumedAt = self.elapsed
                    $0.gaps[last].seconds = self.elapsed - $0.gaps[last].lostAt
                }
            }
            logger.notice("reconnected after a gap of \(String(format: "%.1f", stats.current.gaps.last?.seconds ?? 0)) s")
            return reader
        } catch {
            stats.update { $0.stopReason = .streamLost; $0.error = "\(error)" }
            logger.error("\(error)")
            stop()
            return nil
        }
    }

    /// A looped recording starts again, its times continuing one frame after the last.
    private func reopenForLoop(timeOffset: Double) -> MediaReader? {
        do {
            return try open(timeOffset: timeOffset)
        } catch {
            logger.error("cannot reopen \(url) for the next loop: \(error)")
            return nil
        }
    }

    /// Adds a connection's KLV counts to the summary; refused packets were skipped, so they are only logged.
    private func noteTelemetry(of reader: MediaReader) {
        stats.update {
            $0.telemetryPackets = ($0.telemetryPackets ?? 0) + reader.telemetryPackets
            $0.telemetryErrors = ($0.telemetryErrors ?? 0) + reader.telemetryErrors
        }
        if let error = reader.lastTelemetryError {
            logger.warning("\(reader.telemetryErrors) of \(reader.telemetryPackets) KLV packets skipped; last: \(error)")
        }
    }
}
