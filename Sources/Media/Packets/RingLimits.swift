/// How much of a camera's recent video a `PacketRing` keeps.
public struct RingLimits: Sendable, Equatable {
    /// Seconds kept at least (more by up to one GOP: a window starts on a keyframe).
    public var seconds: Double
    /// Bytes kept at most: a camera with a huge bitrate keeps fewer seconds rather than more memory.
    public var bytes: Int

    public init(seconds: Double, bytes: Int) {
        self.seconds = seconds
        self.bytes = bytes
    }

    /// 20 s (a 10 s pre-roll, and up to 10 s from a hit to the end of its pass, when the incident is raised) and
    /// 32 MiB: about 2 minutes of a 2 Mbit/s 720p camera, so the time bound is the one that acts.
    public static let standard = RingLimits(seconds: 20, bytes: 32 << 20)
}
