/// Turns RTP packets of one MPEG-PS stream into whole PS frames for the demuxer.
///
/// Packets are put back in sequence order within a small window (UDP reorders). A gap the window cannot fill loses
/// part of a frame, and the frames after it refer to it: from the gap on, frames are dropped until the next keyframe,
/// so the decoder never sees a picture built on missing data. Packets sharing a timestamp are one frame, which ends
/// at the marker bit or when the timestamp changes.
public struct PSFrameAssembler: Sendable {
    public let ssrc: UInt32?
    public let payloadTypes: Set<UInt8>
    public private(set) var counters = RTPCounters()
    /// Packets held while an earlier one is missing; more than this and the missing one counts as lost.
    public static let window = 32

    private var expected: UInt16?
    private var pending: [UInt16: RTPPacket] = [:]
    private var frame: [UInt8] = []
    private var frameTimestamp: UInt32?
    private var frameDamaged = false
    private var waitingForKeyframe = false

    /// `ssrc` nil accepts any sender (a device that ignores `y=`); the first one seen is then kept.
    public init(ssrc: UInt32?, payloadTypes: Set<UInt8> = [96]) {
        self.ssrc = ssrc
        self.payloadTypes = payloadTypes
    }

    /// Takes one datagram (or RFC 4571 frame); returns the PS frames it completed, in order.
    public mutating func receive(_ bytes: ArraySlice<UInt8>) -> [[UInt8]] {
        guard let packet = try? RTPPacket(bytes) else { counters.malformed += 1; return [] }
        counters.packets += 1
        guard ssrc == nil || packet.ssrc == ssrc else { counters.foreignSSRC += 1; return [] }
        guard payloadTypes.contains(packet.payloadType) else { counters.wrongPayloadType += 1; return [] }
        return order(packet)
    }

    /// Ends the stream: the frame under way is complete.
    public mutating func finish() -> [[UInt8]] {
        var out: [[UInt8]] = []
        while let next = pending.keys.min(by: { distance(from: expected ?? $0, to: $0) < distance(from: expected ?? $1, to: $1) }) {
            expected = next
            drainInOrder(into: &out)
        }
        flushFrame(into: &out)
        return out
    }

    private mutating func order(_ packet: RTPPacket) -> [[UInt8]] {
        var out: [[UInt8]] = []
        guard let next = expected else {
            expected = packet.sequence
            pending[packet.sequence] = packet
            drainInOrder(into: &out)
            return out
        }
        let ahead = distance(from: next, to: packet.sequence)
        guard ahead >= 0, pending[packet.sequence] == nil else { counters.late += 1; return out }
        pending[packet.sequence] = packet
        drainInOrder(into: &out)
        if pending.count > Self.window { skipGap(into: &out) }
        return out
    }

    /// Signed distance in sequence space (wrapping at 65536).
    private func distance(from a: UInt16, to b: UInt16) -> Int { Int(Int16(bitPattern: b &- a)) }

    private mutating func drainInOrder(into out: inout [[UInt8]]) {
        while let next = expected, let packet = pending.removeValue(forKey: next) {
            append(packet, into: &out)
            expected = next &+ 1
        }
    }

    /// The missing packet is lost: the frame it belonged to is damaged; carry on from the oldest held packet.
    private mutating func skipGap(into out: inout [[UInt8]]) {
        guard let next = expected,
              let oldest = pending.keys.min(by: { distance(from: next, to: $0) < distance(from: next, to: $1) }) else { return }
        counters.gaps += 1
        frameDamaged = true
        expected = oldest
        drainInOrder(into: &out)
    }

    private mutating func append(_ packet: RTPPacket, into out: inout [[UInt8]]) {
        if let current = frameTimestamp, current != packet.timestamp { flushFrame(into: &out) }
        frameTimestamp = packet.timestamp
        frame.append(contentsOf: packet.payload)
        if packet.marker { flushFrame(into: &out) }
    }

    private mutating func flushFrame(into out: inout [[UInt8]]) {
        defer { frame.removeAll(keepingCapacity: true); frameTimestamp = nil; frameDamaged = false }
        guard !frame.isEmpty else { return }
        if frameDamaged { waitingForKeyframe = true }
        if waitingForKeyframe {
            guard !frameDamaged, PSFrame.isKeyframe(frame) else { counters.framesDropped += 1; return }
            waitingForKeyframe = false
        }
        var normalised = frame
        counters.zeroLengthPES += PSFrame.fixZeroLengthPES(&normalised)
        counters.frames += 1
        out.append(normalised)
    }
}
