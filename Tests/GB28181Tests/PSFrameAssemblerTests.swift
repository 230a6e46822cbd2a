import Media
import Testing

/// RTP reordering, gap handling and PS fixes, on hand-built packets (pure logic; the sockets are covered by
/// PlatformTests).
struct PSFrameAssemblerTests {
    /// A PS frame: pack header start, then on keyframes a system header start code, then a few payload bytes.
    static func frame(_ marker: UInt8, keyframe: Bool) -> [UInt8] {
        [0, 0, 1, 0xBA] + (keyframe ? [0, 0, 1, 0xBB] : []) + [marker, marker, marker]
    }

    static func packet(_ sequence: UInt16, timestamp: UInt32, marker: Bool, payload: [UInt8], ssrc: UInt32 = 7,
                       type: UInt8 = 96) -> [UInt8] {
        [0x80, (marker ? 0x80 : 0) | type, UInt8(sequence >> 8), UInt8(sequence & 0xFF),
         UInt8(timestamp >> 24), UInt8(timestamp >> 16 & 0xFF), UInt8(timestamp >> 8 & 0xFF), UInt8(timestamp & 0xFF),
         UInt8(ssrc >> 24), UInt8(ssrc >> 16 & 0xFF), UInt8(ssrc >> 8 & 0xFF), UInt8(ssrc & 0xFF)] + payload
    }

    /// Each frame split in two packets, sequence numbers from `start` (wrapping).
    static func packets(frames: [[UInt8]], start: UInt16) -> [[UInt8]] {
        var sequence = start
        return frames.enumerated().flatMap { index, frame in
            let half = frame.count / 2
            defer { sequence &+= 2 }
            return [packet(sequence, timestamp: UInt32(index * 3000), marker: false, payload: Array(frame[..<half])),
                    packet(sequence &+ 1, timestamp: UInt32(index * 3000), marker: true, payload: Array(frame[half...]))]
        }
    }

    @Test func packetsOutOfOrderWithinTheWindowGiveTheFramesInOrderAcrossTheWrap() {
        let frames = (0..<6).map { Self.frame(UInt8($0), keyframe: $0 == 0) }
        var packets = Self.packets(frames: frames, start: 65530)
        packets.swapAt(1, 4)
        packets.swapAt(6, 9)
        var assembler = PSFrameAssembler(ssrc: 7)
        let out = packets.flatMap { assembler.receive($0[...]) }
        #expect(out == frames)
        #expect(assembler.counters.gaps == 0 && assembler.counters.frames == 6)
    }

    @Test func aLostPacketDropsFramesUntilTheNextKeyframe() {
        let frames = (0..<80).map { Self.frame(UInt8($0), keyframe: $0 % 40 == 0) }
        var packets = Self.packets(frames: frames, start: 100)
        packets.remove(at: 11)  // the second half of frame 5
        var assembler = PSFrameAssembler(ssrc: 7)
        let out = packets.flatMap { assembler.receive($0[...]) } + assembler.finish()
        #expect(out == Array(frames[0..<5]) + Array(frames[40...]), "frames 5–39 depend on the damaged one")
        #expect(assembler.counters.gaps == 1 && assembler.counters.framesDropped == 35, "\(assembler.counters)")
    }

    @Test func foreignSendersWrongTypesAndJunkAreCountedAndDropped() {
        let frames = [Self.frame(1, keyframe: true), Self.frame(2, keyframe: false)]
        var assembler = PSFrameAssembler(ssrc: 7)
        var out: [[UInt8]] = []
        for (index, packet) in Self.packets(frames: frames, start: 0).enumerated() {
            out += assembler.receive(packet[...])
            out += assembler.receive(Self.packet(UInt16(500 + index), timestamp: 0, marker: true, payload: [1, 2, 3], ssrc: 99)[...])
        }
        out += assembler.receive(Self.packet(9, timestamp: 0, marker: true, payload: [0], type: 8)[...])
        out += assembler.receive([0x00, 0x01, 0x02][...])
        #expect(out == frames)
        #expect(assembler.counters.foreignSSRC == 4 && assembler.counters.wrongPayloadType == 1 && assembler.counters.malformed == 1)
    }

    @Test func aZeroLengthVideoPESIsGivenItsLength() {
        let payload = [UInt8](repeating: 0x42, count: 70_000)
        var bytes: [UInt8] = [0, 0, 1, 0xBA, 0x44, 0, 4, 0, 4, 1, 0, 0, 3, 0xF8]
        bytes += [0, 0, 1, 0xE0, 0, 0, 0x80, 0x80, 5, 0x21, 0, 1, 0, 1] + payload
        #expect(PSFrame.fixZeroLengthPES(&bytes) == .rewritten)
        // Two PES packets now: the first with the PTS header, the rest after it; both state their length.
        let first = Int(bytes[18]) << 8 | Int(bytes[19])
        #expect(first > 0 && Array(bytes[14..<18]) == [0, 0, 1, 0xE0])
        let second = 14 + 6 + first
        #expect(Array(bytes[second..<(second + 4)]) == [0, 0, 1, 0xE0])
        let secondLength = Int(bytes[second + 4]) << 8 | Int(bytes[second + 5])
        #expect(second + 6 + secondLength == bytes.count)
        #expect(bytes.count - 14 - 2 * 6 - 8 - 3 == payload.count, "no payload byte lost")
    }

    /// A zero length outside video cannot be followed: the scan stops (it used to loop for ever) and says so.
    @Test(.timeLimit(.minutes(1)), arguments: [UInt8(0xC0), 0xBB, 0xBC, 0xBD])
    func aZeroLengthPacketThatIsNotVideoEndsTheScan(code: UInt8) {
        let pack: [UInt8] = [0, 0, 1, 0xBA, 0x44, 0, 4, 0, 4, 1, 0, 0, 3, 0xF8]
        let original = pack + [0, 0, 1, code, 0, 0] + [0, 0, 1, 0xE0, 0, 0, 0x80, 0x80, 0, 1, 2, 3]
        var bytes = original
        #expect(PSFrame.fixZeroLengthPES(&bytes) == .unreadable)
        #expect(bytes == original, "handed on unchanged")
        // Through the assembler: the frame still goes out, and the fault is counted.
        var assembler = PSFrameAssembler(ssrc: 7)
        let out = assembler.receive(Self.packet(1, timestamp: 0, marker: true, payload: original)[...])
        #expect(out == [original] && assembler.counters.unreadablePS == 1, "\(assembler.counters)")
    }

    @Test func aFrameOverTheLimitIsDroppedWithTheFramesUntilTheNextKeyframe() {
        let chunk = [UInt8](repeating: 0x42, count: 60_000)
        let packetsInHugeFrame = PSFrameAssembler.frameLimit / chunk.count + 2
        var assembler = PSFrameAssembler(ssrc: 7)
        var sequence: UInt16 = 0
        var out: [[UInt8]] = []
        func send(_ payload: [UInt8], timestamp: UInt32, marker: Bool) {
            out += assembler.receive(Self.packet(sequence, timestamp: timestamp, marker: marker, payload: payload)[...])
            sequence &+= 1
        }
        let first = Self.frame(1, keyframe: true), after = Self.frame(3, keyframe: false), next = Self.frame(4, keyframe: true)
        send(first, timestamp: 0, marker: true)
        // No marker and one timestamp: a device that never ends its frame.
        send(Self.frame(2, keyframe: true), timestamp: 3000, marker: false)
        for _ in 0..<packetsInHugeFrame { send(chunk, timestamp: 3000, marker: false) }
        send(chunk, timestamp: 3000, marker: true)
        send(after, timestamp: 6000, marker: true)
        send(next, timestamp: 9000, marker: true)
        #expect(out == [first, next])
        #expect(assembler.counters.framesTooLarge == 1 && assembler.counters.framesDropped == 1, "\(assembler.counters)")
    }

    @Test func aSenderThatRestartsItsSequenceIsFollowedAfterProbation() {
        let frames = (0..<20).map { Self.frame(UInt8($0), keyframe: $0 % 10 == 0) }
        var assembler = PSFrameAssembler(ssrc: 7)
        var out = Self.packets(frames: Array(frames[..<10]), start: 40_000).flatMap { assembler.receive($0[...]) }
        // The device reboots: its sequence starts again at 30000, far behind 40020.
        out += Self.packets(frames: Array(frames[10...]), start: 30_000).flatMap { assembler.receive($0[...]) }
        out += assembler.finish()
        #expect(out == frames, "\(assembler.counters)")
        #expect(assembler.counters.resyncs == 1 && assembler.counters.late == 0, "\(assembler.counters)")
    }

    @Test func aFewStaleDuplicatesDoNotResync() {
        let frames = (0..<40).map { Self.frame(UInt8($0), keyframe: $0 == 0) }
        var packets = Self.packets(frames: frames, start: 0)
        // Two packets replayed long after (fewer than the probation), then the stream goes on.
        packets.insert(packets[1], at: 70)
        packets.insert(packets[2], at: 71)
        var assembler = PSFrameAssembler(ssrc: 7)
        let out = packets.flatMap { assembler.receive($0[...]) } + assembler.finish()
        #expect(out == frames)
        #expect(assembler.counters.resyncs == 0 && assembler.counters.late == 2, "\(assembler.counters)")
    }

    @Test func withoutAnSSRCTheFirstSenderIsKept() {
        let frames = [Self.frame(1, keyframe: true), Self.frame(2, keyframe: false)]
        var assembler = PSFrameAssembler(ssrc: nil)
        var out: [[UInt8]] = []
        for (index, packet) in Self.packets(frames: frames, start: 0).enumerated() {
            out += assembler.receive(packet[...])
            out += assembler.receive(Self.packet(UInt16(index), timestamp: 0, marker: true, payload: [9, 9, 9], ssrc: 99)[...])
        }
        #expect(out == frames)
        #expect(assembler.ssrc == 7 && assembler.counters.foreignSSRC == 4)
    }
}
