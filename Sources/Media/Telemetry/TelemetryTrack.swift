/// The telemetry a reader has decoded so far, so each video frame can be paired with the packet of its time.
///
/// Telemetry packets and video frames are demuxed in timestamp order but decoded frames come out later
/// (decoder delay), so a short history is kept and each frame gets the telemetry of its own time.
struct TelemetryTrack {
    /// A packet further than this from a frame's time does not describe that frame (a drone moves metres a second).
    var tolerance = 0.5
    private(set) var packets = 0
    private(set) var errors = 0
    private(set) var lastError: KLVError?
    private var samples: [(time: Double, telemetry: Telemetry)] = []
    private static let history = 64

    /// Decodes the KLV packets in one data-stream packet (usually one) stamped `time` seconds.
    mutating func add(_ bytes: [UInt8], time: Double) {
        for packet in Self.split(bytes, errors: &errors, lastError: &lastError) {
            packets += 1
            do {
                samples.append((time, try UASDatalink.decode(packet)))
                if samples.count > Self.history { samples.removeFirst(samples.count - Self.history) }
            } catch {
                errors += 1
                lastError = error
            }
        }
    }

    /// Packets further apart than this are not interpolated between (a gap in the link, not a slow rate).
    var maximumInterpolationGap = 2.0

    /// The telemetry at `time`: interpolated between the packets either side of it when both have been read and
    /// lie close enough together; when the next packet has not been read yet (a frame leaves the decoder before the
    /// packet after it is demuxed), carried on from the last two packets for at most one of their intervals (dead
    /// reckoning); else the decoded packet nearest `time` if one lies within `tolerance`.
    func telemetry(at time: Double) -> Telemetry? {
        let earlier = samples.filter { $0.time <= time }.sorted { $0.time < $1.time }
        let after = samples.filter { $0.time >= time }.min { $0.time < $1.time }
        if let before = earlier.last, let after, after.time - before.time <= maximumInterpolationGap {
            guard after.time > before.time else { return before.telemetry }
            return before.telemetry.interpolated(to: after.telemetry, fraction: (time - before.time) / (after.time - before.time))
        }
        if after == nil, earlier.count >= 2 {
            let (first, last) = (earlier[earlier.count - 2], earlier[earlier.count - 1])
            let interval = last.time - first.time
            if interval > 0, interval <= maximumInterpolationGap, time - last.time <= min(interval, tolerance) {
                return first.telemetry.interpolated(to: last.telemetry, fraction: (time - first.time) / interval)
            }
        }
        guard let nearest = samples.min(by: { abs($0.time - time) < abs($1.time - time) }),
              abs(nearest.time - time) <= tolerance else { return nil }
        return nearest.telemetry
    }

    /// KLV packets laid end to end; a packet whose length runs past the bytes is counted as an error.
    private static func split(_ bytes: [UInt8], errors: inout Int, lastError: inout KLVError?) -> [[UInt8]] {
        var packets: [[UInt8]] = [], start = 0
        while bytes.count - start > 0 {
            var index = start + UASDatalink.key.count
            do throws(KLVError) {
                let length = try BER.readLength(bytes[...], at: &index)
                guard index + length <= bytes.count else {
                    throw KLVError(.truncated, "KLV packet declares \(length) bytes, \(bytes.count - index) present")
                }
                packets.append(Array(bytes[start..<index + length]))
                start = index + length
            } catch {
                errors += 1
                lastError = error
                break
            }
        }
        return packets
    }
}
