/// A live stream of container bytes that Swift code receives itself (GB/T 28181 video arrives as MPEG-PS inside
/// RTP, which FFmpeg 5.1's RTP demuxer cannot unpack) and hands to libavformat through a custom `AVIOContext`.
public protocol ByteStream: AnyObject {
    /// Copies up to `buffer.count` bytes into `buffer`, waiting at most `wait` for them: the count copied, 0 when
    /// nothing came within `wait` (the caller asks again), nil when the stream has ended for good.
    /// Throws a `MediaError` when the stream broke.
    func read(into buffer: UnsafeMutableRawBufferPointer, wait: Duration) throws -> Int?

    /// Releases the stream's sockets and tells the sender to stop. Called once, when the source closes.
    func close()
}

/// Opens a `ByteStream` for a source whose bytes do not come from a URL libavformat can open (a GB/T 28181
/// channel: the platform INVITEs the device, which then sends RTP to a port opened here).
public protocol ByteStreamOpener: Sendable {
    /// The libavformat demuxer that reads the bytes ("mpeg" for MPEG-PS).
    var formatName: String { get }

    /// Opens the stream within `timeout`; throws a `MediaError` of kind `.unreachable` when it cannot. Gives up at
    /// once when `isStopped` turns true (the camera is stopping: a shutdown must not wait out the timeout).
    func open(timeout: Duration, isStopped: @escaping @Sendable () -> Bool) throws -> any ByteStream
}
