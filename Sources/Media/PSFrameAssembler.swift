/// Turns RTP packets of one MPEG-PS stream into whole PS frames for the demuxer.
///
/// Packets are put back in sequence order within a small window (UDP reorders). A gap the window cannot fill loses
/// part of a frame, and the frames after it refer to it: from the gap on, frames are dropped until the next keyframe,
/// so the decoder never sees a picture built on missing data. Packets sharing a timestamp are one frame, which ends
/// at the marker bit or when the timestamp changes.
///
/// A sender that restarts (a device reboot, a new encoder session) begins a new sequence that looks "late": after
/// `probation` such packets in a row, far behind the expected one, the assembler follows the new sequence
/// (the probation of RFC 3550 §A.1) instead of dropping the stream for ever.
public struct PSFrameAssembler: Sendable {
    /// The sender followed: the one the INVITE gave, or the first one seen when it gave none.
    public private(set) var ssrc: UInt32?
    public let payloadTypes: Set<UInt8>
    public private(set) var counters = RTPCounters()
    /// Packets held while an earlier one is missing; more than this and the missing one counts as lost.
    public static let window = 32
    /// Packets in a row far behind the expected one after which the sender is taken to have restarted.
    public static let probation = 3
    /// A frame larger than this is dropped (a device that never sets the marker nor changes the timestamp would
    /// otherwise grow it without end); 4K keyframes are well under it.
    public static let frameLimit = 8 << 20

    private var expected: UInt16?
    private var pending: [UInt16: RTPPacket] = [:]
    /// Packets far behind `expected`, kept until they show a restart or an in-order packet shows they were stale.
    private var farBehind: [RTPPacket] = []
    private var frame: [UInt8] = []
    private var frameTimestamp: UInt32?
    private var frameDamaged = false
    private var frameTooLarge = false
    private var waitingForKeyframe = false

    /// `ssrc` nil accepts the first sender seen (a device that ignores `y=`) and then only it, so a second sender
    /// on the port cannot interleave its packets.
    public init(ssrc: UInt32?, payloadTypes: Set<UInt8> = [96]) {
        self.ssrc = ssrc
        self.payloadTypes = payloadTypes
    }

    /// Takes one datagram (or RFC 4571 frame); returns the PS frames it completed, in order.
    public mutating func receive(_ bytes: ArraySlice<UInt8>) -> [[UInt8]] {
        guard let packet = try? RTPPacket(bytes) else { counters.malformed += 1; return [] }
        counters.packets += 1
        guard payloadTypes.contains(packet.payloadType) else { counters.wrongPayloadType += 1; return [] }
        if ssrc == nil { ssrc = packet.ssrc }
        guard packet.ssrc == ssrc else { counters.foreignSSRC += 1; return [] }
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
        if ahead < -Self.window { return behind(packet) }
        counters.late += farBehind.count
        farBehind.removeAll()
        guard ahead >= 0, pending[packet.sequence] == nil else { counters.late += 1; return out }
        pending[packet.sequence] = packet
        drainInOrder(into: &out)
        if pending.count > Self.window { skipGap(into: &out) }
        return out
    }

    /// A packet far behind: late, or one of a restarted sender's new sequence. Those are dropped as late until
    /// `probation` of them have come in a row; then the old sequence is given up (its frame is damaged) and the new
    /// one followed from the oldest of them.
    private mutating func behind(_ packet: RTPPacket) -> [[UInt8]] {
        // A new sequence is one run: a packet far from the ones held starts the probation again.
        if let first = farBehind.first, abs(distance(from: first.sequence, to: packet.sequence)) > Self.window {
            counters.late += farBehind.count
            farBehind.removeAll()
        }
        farBehind.append(packet)
        guard farBehind.count >= Self.probation else { return [] }
        var out: [[UInt8]] = []
        let newest = packet.sequence
        let restart = farBehind
        farBehind.removeAll()
        counters.resyncs += 1
        frameDamaged = true
        flushFrame(into: &out)
        if !pending.isEmpty {
            counters.gaps += 1
            waitingForKeyframe = true
            pending.removeAll()
        }
        for held in restart { pending[held.sequence] = held }
        expected = restart.map(\.sequence).min { distance(from: newest, to: $0) < distance(from: newest, to: $1) }
        drainInOrder(into: &out)
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
        if frame.count + packet.payload.count > Self.frameLimit {
            frameTooLarge = true
            frame.removeAll()
        }
        if !frameTooLarge { frame.append(contentsOf: packet.payload) }
        if packet.marker { flushFrame(into: &out) }
    }

    private mutating func flushFrame(into out: inout [[UInt8]]) {
        defer { frame.removeAll(keepingCapacity: true); frameTimestamp = nil; frameDamaged = false; frameTooLarge = false }
        if frameTooLarge {
            // The frames after it may refer to it, as after a gap.
            counters.framesTooLarge += 1
            waitingForKeyframe = true
            return
        }
        guard !frame.isEmpty else { return }
        if frameDamaged { waitingForKeyframe = true }
        if waitingForKeyframe {
            guard !frameDamaged, PSFrame.isKeyframe(frame) else { counters.framesDropped += 1; return }
            waitingForKeyframe = false
        }
        var normalised = frame
        switch PSFrame.fixZeroLengthPES(&normalised) {
        case .none: break
        case .rewritten: counters.zeroLengthPES += 1
        case .unreadable: counters.unreadablePS += 1
        }
        counters.frames += 1
        out.append(normalised)
    }
}
