import CFFmpeg
import Foundation

/// Joins recorded segments into one MP4 by stream copy, from the keyframe at or before `from` to `to`: what an
/// export of a time range writes.
///
/// ```swift
/// let parts = [SegmentJoiner.Part(path: "seg-1.mp4", start: 0), SegmentJoiner.Part(path: "seg-2.mp4", start: 10)]
/// let export = try SegmentJoiner.join(parts, from: 4, to: 16, into: "/srv/exports/gate.mp4")
/// ```
public enum SegmentJoiner {
    /// One segment file and where its first frame lies on the range's time line (seconds).
    public struct Part: Sendable {
        public let path: String
        public let start: Double

        public init(path: String, start: Double) {
            self.path = path
            self.start = start
        }
    }

    /// What was written: where the file starts on the range's time line (the keyframe at or before `from`), its
    /// length and packets.
    public struct Export: Sendable {
        public let start: Double
        public let seconds: Double
        public let packets: Int
    }

    /// Writes the export under a temporary name, renamed when complete; throws `MediaError` (`.notFound` when no
    /// packet falls in the range) and leaves no file then.
    public static func join(_ parts: [Part], from: Double, to: Double, into path: String) throws -> Export {
        let temporary = ClipCapture.temporaryPath(for: path)
        var cut = Cut(from: from, to: to)
        do {
            for part in parts where !cut.done { try read(part, into: &cut, path: temporary) }
            guard let writer = cut.writer, let start = cut.start else {
                throw MediaError(.notFound, "no footage between the range's ends")
            }
            try writer.finish()
            guard rename(temporary, path) == 0 else {
                throw MediaError(.encode, "cannot rename \(temporary) to \(path): \(String(cString: strerror(errno)))")
            }
            return Export(start: start, seconds: cut.last - start, packets: writer.written)
        } catch {
            unlink(temporary)
            throw error
        }
    }

    /// The packets of one segment, on the range's time line.
    private static func read(_ part: Part, into cut: inout Cut, path: String) throws {
        let source = try Source(url: part.path)
        let format = try StreamFormat(stream: source.stream)
        guard let packet = av_packet_alloc() else { throw MediaError(.decode, "out of memory reading \(part.path)") }
        defer { var pointer: UnsafeMutablePointer<AVPacket>? = packet; av_packet_free(&pointer) }
        while !cut.done, try source.read(into: packet) {
            defer { av_packet_unref(packet) }
            let stamp = packet.pointee.pts != CFFmpeg_AV_NOPTS_VALUE() ? packet.pointee.pts : packet.pointee.dts
            guard stamp != CFFmpeg_AV_NOPTS_VALUE() else { continue }
            let time = part.start + Double(stamp) * av_q2d(format.timeBase)
            try cut.take(try Packet(referencing: packet, time: time, format: format), path: path)
        }
    }

    /// The range being cut: packets before `from` wait from their last keyframe; the first at or after `from`
    /// opens the file with them.
    private struct Cut {
        let from: Double
        let to: Double
        var waiting: [Packet] = []
        var writer: MP4Writer?
        var start: Double?
        var last = 0.0
        var done = false

        init(from: Double, to: Double) {
            self.from = from
            self.to = to
        }

        mutating func take(_ packet: Packet, path: String) throws {
            if packet.isKeyframe && packet.time > to { done = true; return }
            if writer == nil {
                if packet.isKeyframe && packet.time <= from { waiting = [] }
                if packet.isKeyframe || !waiting.isEmpty { waiting.append(packet) }
                guard packet.time >= from, let first = waiting.first else { return }
                writer = try MP4Writer(path: path, format: first.format)
                start = first.time
                for held in waiting { try write(held) }
                waiting = []
                return
            }
            if packet.time <= to { try write(packet) }
        }

        private mutating func write(_ packet: Packet) throws {
            try writer?.write(packet)
            last = max(last, packet.time)
        }
    }
}
