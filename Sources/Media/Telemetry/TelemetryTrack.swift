/// The telemetry a reader has decoded so far, so each video frame can be paired with the packet of its time.
///
/// Telemetry packets and video frames are demuxed in timestamp order but decoded frames come out later
/// (decoder delay), so a short history is kept and the packet nearest the frame's time is chosen.
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

    /// The decoded packet nearest `time`, if one lies within `tolerance`.
    func telemetry(at time: Double) -> Telemetry? {
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
