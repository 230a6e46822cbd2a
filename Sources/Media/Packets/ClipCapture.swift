import Foundation
import Synchronization

/// One clip written from a camera's packet ring: what the ring holds from a keyframe at or before `from`, then the
/// packets as they arrive, until `until` (which `extend` may move, never past `latest`). It is written by stream copy
/// under a temporary name and renamed when complete, so a killed process never leaves a half-written file under
/// the clip's name.
///
/// ```swift
/// let capture = ClipCapture(ring: ring, path: "/srv/clips/incident-7.mp4", from: hit - 10, until: hit + 20,
///                           latest: hit + 120)
/// let clip = try capture.run()   // blocks until the post-roll has arrived
/// ```
public final class ClipCapture: Sendable {
    public let path: String
    private let ring: PacketRing
    private let from: Double
    private let latest: Double
    private let end: Mutex<(until: Double, stopped: Bool)>
    /// A source that sends nothing for this long has ended the clip (lost, or ended without the ring knowing).
    private let idleLimit: Double

    public init(ring: PacketRing, path: String, from: Double, until: Double, latest: Double, idleLimit: Double = 10) {
        self.ring = ring
        self.path = path
        self.from = from
        self.latest = max(until, latest)
        self.idleLimit = idleLimit
        end = Mutex((until, false))
    }

    /// What was written.
    public struct Clip: Sendable {
        public let path: String
        /// The first packet's time on the analysis time line (the clip's 0 s).
        public let start: Double
        /// From the first packet's time to the last's.
        public let seconds: Double
        public let bytes: Int
        public let packets: Int
        /// Why the clip ended before `until`, if it did (the source ended, the stream changed, the ring moved on).
        public let cutShort: String?
    }

    /// Moves the end later (the subject is still seen), up to `latest`.
    public func extend(until time: Double) {
        end.withLock { $0.until = min(latest, max($0.until, time)) }
    }

    /// Ends the clip with what has arrived (shutdown).
    public func stop() {
        end.withLock { $0.stopped = true }
    }

    /// The name written to until the clip is complete.
    public var temporaryPath: String { Self.temporaryPath(for: path) }

    static func temporaryPath(for path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent)\(unfinishedSuffix)").path
    }

    static let unfinishedSuffix = ".part"

    /// Writes the clip, blocking until its end has arrived (or the source ended); throws `MediaError` when nothing
    /// could be written. A failure leaves no file behind.
    public func run() throws -> Clip {
        let (window, next) = ring.window(from: from)
        guard let first = window.first else {
            throw MediaError(.notFound, "no video kept for \(path): the camera sent no keyframe yet")
        }
        let temporary = temporaryPath
        do {
            let writer = try MP4Writer(path: temporary, format: first.format)
            var last = first.time
            let cutShort = try copy(window, next: next, into: writer, last: &last)
            try writer.finish()
            try Self.rename(temporary, to: path)
            let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            return Clip(path: path, start: first.time, seconds: last - first.time, bytes: bytes,
                        packets: writer.written, cutShort: cutShort)
        } catch {
            unlink(temporary)
            throw error
        }
    }

    /// Writes the window, then follows the ring; returns why it stopped early, nil when it reached `until`.
    private func copy(_ window: [Packet], next: Int, into writer: MP4Writer, last: inout Double) throws -> String? {
        var next = next, pending = window, idleSince = Date()
        while true {
            for packet in pending {
                if packet.time > end.withLock({ $0.until }) { return nil }
                do { try writer.write(packet) } catch let error as MediaError where writer.written > 0 { return error.message }
                last = max(last, packet.time)
            }
            if end.withLock({ $0.stopped }) { return "stopped" }
            switch ring.packets(from: next, waiting: 0.5) {
            case .packets(let packets, let following):
                (pending, next, idleSince) = (packets, following, Date())
            case .missed: return "the clip writer fell behind the packet ring"
            case .ended: return "the source ended"
            case .idle:
                pending = []
                if Date().timeIntervalSince(idleSince) > idleLimit { return "no video for \(Int(idleLimit)) s" }
            }
        }
    }

    private static func rename(_ from: String, to path: String) throws {
        guard Foundation.rename(from, path) == 0 else {
            throw MediaError(.encode, "cannot rename \(from) to \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// Removes the temporary files of clips a killed process left in `directory`; returns how many.
    @discardableResult
    public static func removeUnfinished(in directory: String) -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasPrefix(".") && $0.hasSuffix(unfinishedSuffix) }
            .filter { unlink(URL(fileURLWithPath: directory).appendingPathComponent($0).path) == 0 }.count
    }
}
