/// What an RTP receiver saw and refused, so that a device's faults are counted and visible rather than silent.
public struct RTPCounters: Sendable, Equatable {
    public var packets = 0
    /// Packets from another sender (an SSRC other than the one the INVITE gave), dropped.
    public var foreignSSRC = 0
    /// Packets of a payload type that was not offered, dropped.
    public var wrongPayloadType = 0
    /// Bytes that are not RTP, dropped.
    public var malformed = 0
    /// Packets that came late (after the reorder window moved on) or twice, dropped.
    public var late = 0
    /// Sequence gaps the reorder window could not fill: the damaged frame and those up to the next keyframe are dropped.
    public var gaps = 0
    /// Frames dropped because of a gap (the damaged one, and the frames that depend on it).
    public var framesDropped = 0
    /// Frames over `PSFrameAssembler.frameLimit`, dropped with those up to the next keyframe.
    public var framesTooLarge = 0
    /// Times the sender restarted its sequence numbers and the receiver followed it.
    public var resyncs = 0
    /// Frames handed to the demuxer.
    public var frames = 0
    /// Video PES packets with a zero length that were rewritten with their real length.
    public var zeroLengthPES = 0
    /// Frames with a zero-length packet that is not video, whose packets cannot be followed; handed on unchanged.
    public var unreadablePS = 0

    public init() {}
}
