import AnalysisKit
import Foundation
import Logging
import Media

/// Puts one camera's analysed frames back in order and feeds them to its trackers; hands what they decide to the sink.
///
/// Workers finish frames out of order; trackers need them in order. Frames dropped from a live queue
/// are skipped so the order never waits for them. Passes go to the sink (JPEG encoding, files, the SQLite
/// transaction) on the camera's own serial queue, so a worker never waits behind a write and can serve other cameras.
///
/// When a live connection ends (end of stream, read timeout, a BYE), its open passes are closed as soon as its queued
/// frames are settled: the face or plate in view when the video stopped is recorded then, not when video returns.
final class Aggregator: @unchecked Sendable {
    private let lock = NSLock()
    private var trackers: [any Tracker]
    private let sink: any PassSink
    private let run: PassRun
    private let stats: Stats
    private let logger: Logger
    private var waiting: [Int: (Frame, [Detection])?] = [:]
    private var next = 0
    private var total: Int?
    /// Sequence numbers at which a live connection ended, oldest first: once every frame before one is settled, the
    /// trackers close their open passes.
    private var connectionEnds: [Int] = []
    private let done = DispatchSemaphore(value: 0)
    private let writing: DispatchQueue

    init(trackers: [any Tracker], sink: any PassSink, run: PassRun, stats: Stats, logger: Logger) {
        self.trackers = trackers
        self.sink = sink
        self.run = run
        self.stats = stats
        self.logger = logger
        writing = DispatchQueue(label: "sharpeyes.recorder")
    }

    func submit(sequence: Int, frame: Frame, detections: [Detection]) {
        settle(sequence, (frame, detections))
    }

    /// The frame with this sequence number will never come (dropped under load).
    func skip(sequence: Int) { settle(sequence, nil) }

    /// `count` frames were queued in all; once they are settled the trackers are finished.
    func endOfInput(count: Int) {
        lock.lock()
        total = count
        finishIfComplete()
        lock.unlock()
    }

    /// A live connection ended after `count` frames were queued in all. Once those are settled, every open pass is
    /// closed and recorded: what was in view when the video stopped, now, while the source is reconnected.
    func endOfConnection(count: Int) {
        lock.lock()
        defer { lock.unlock() }
        connectionEnds.append(count)
        closePassesOfEndedConnection()
    }

    /// Blocks until every frame is settled and every open pass recorded.
    func waitUntilDone() { done.wait() }

    private func settle(_ sequence: Int, _ result: (Frame, [Detection])?) {
        lock.lock()
        defer { lock.unlock() }
        waiting[sequence] = .some(result)
        while let entry = waiting.removeValue(forKey: next) {
            if let (frame, detections) = entry { feed(frame, detections) }
            next += 1
            closePassesOfEndedConnection()
        }
        finishIfComplete()
    }

    private func feed(_ frame: Frame, _ detections: [Detection]) {
        for index in trackers.indices {
            let kind = trackers[index].kind
            record(trackers[index].update(frame, detections: detections.filter { $0.kind == kind }))
        }
    }

    private func closePassesOfEndedConnection() {
        // Several ends at one count (a connection that ended before it queued a frame) close the passes once.
        guard let end = connectionEnds.first, next >= end else { return }
        connectionEnds.removeAll { $0 <= next }
        closeOpenPasses()
    }

    private func closeOpenPasses() {
        for index in trackers.indices { record(trackers[index].finish()) }
    }

    private func finishIfComplete() {
        guard let total, next == total else { return }
        closeOpenPasses()
        self.total = nil
        writing.async { [done] in done.signal() }
    }

    private func record(_ passes: [Pass]) {
        guard !passes.isEmpty else { return }
        writing.async { self.write(passes) }
    }

    private func write(_ passes: [Pass]) {
        for pass in passes {
            do {
                let recorded = try sink.record(pass, of: run) { error, delay in
                    logger.warning("cannot record a \(pass.kind.rawValue) sighting yet: \(error); retrying in \(delay)")
                }
                stats.update { $0.recorded(pass, recorded) }
                logger.info("\(pass.kind.rawValue) sighting\(pass.label.map { " \($0)" } ?? "")",
                            metadata: ["sighting.id": "\(recorded.sightingID)", "media.time": "\(pass.bestFrame.time)",
                                       "incident.id": recorded.incidentID.map { "\($0)" } ?? "none"])
                if let failure = recorded.snapshotFailure { snapshotFailed(failure, sighting: recorded.sightingID) }
            } catch {
                stats.update { $0.sightingsLost += 1; $0.error = "recording a \(pass.kind.rawValue) sighting: \(error)" }
                logger.error("cannot record a \(pass.kind.rawValue) sighting: \(error)")
            }
        }
    }

    /// The sighting is stored; only its pictures are missing.
    private func snapshotFailed(_ reason: String, sighting: Int64) {
        stats.update { $0.snapshotErrors += 1 }
        logger.error("sighting \(sighting) stored without its snapshot: \(reason)")
    }
}

extension Summary {
    mutating func recorded(_ pass: Pass, _ recorded: Recorded) {
        sightings += 1
        sightingsByKind[pass.kind.rawValue, default: 0] += 1
        if recorded.isPositioned { sightingsPositioned = (sightingsPositioned ?? 0) + 1 }
        guard let incidentID = recorded.incidentID, let subject = pass.incident?.subject else { return }
        if recorded.isNewIncident {
            incidents += 1
            incidentsByKind[pass.kind.rawValue, default: 0] += 1
        }
        if hits.values.reduce(0, { $0 + $1.count }) >= Summary.listLimit, let oldest = hits.min(by: { $0.value.count > $1.value.count }) {
            hits[oldest.key]?.removeFirst()
            if hits[oldest.key]?.isEmpty == true { hits[oldest.key] = nil }
        }
        hits[subject, default: []].append(Hit(
            sightingId: recorded.sightingID, incidentId: incidentID, newIncident: recorded.isNewIncident, label: pass.label,
            firstSeen: pass.firstTime, lastSeen: pass.lastTime, frames: pass.frames,
            matchingFrames: pass.matchingFrames ?? pass.frames, confidence: pass.confidence))
    }
}
