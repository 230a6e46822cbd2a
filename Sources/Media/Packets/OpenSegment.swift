import Foundation

/// The segment a `SegmentRecorder` is writing.
final class OpenSegment {
    let writer: MP4Writer
    let path: String
    let start: Double
    /// The format of the packets written last (a new connection's, when it carried on in this segment).
    var format: StreamFormat
    var last: Double
    var keyframes: [Double] = []

    init(folder: String, first: Packet) throws {
        // When it was opened, and where on the run's time line it starts: unique within a run and across runs.
        let opened = Int((Date().timeIntervalSince1970 * 1000).rounded()), at = Int((first.time * 1000).rounded())
        path = URL(fileURLWithPath: folder).appendingPathComponent("segment-\(opened)-\(at).mp4").path
        start = first.time
        last = first.time
        format = first.format
        writer = try MP4Writer(path: ClipCapture.temporaryPath(for: path), format: first.format)
    }

    func write(_ packet: Packet) throws {
        try writer.write(packet)
        format = packet.format
        last = max(last, packet.time)
        if packet.isKeyframe { keyframes.append(packet.time - start) }
    }

    /// Completes the file under its final name.
    func finish() throws -> SegmentRecorder.Segment {
        let temporary = ClipCapture.temporaryPath(for: path)
        do {
            try writer.finish()
            guard rename(temporary, path) == 0 else {
                throw MediaError(.encode, "cannot rename \(temporary) to \(path): \(String(cString: strerror(errno)))")
            }
        } catch {
            unlink(temporary)
            throw error
        }
        let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        return .init(path: path, start: start, end: last + format.frameDuration, bytes: bytes, keyframes: keyframes)
    }
}
