import CFFmpeg

/// The custom `AVIOContext` that libavformat reads a `ByteStream` through.
///
/// Reads wait in short slices so that the source's read deadline and `Interrupter.stop()` end them on time (a custom
/// context is not polled through the interrupt callback). The end of the stream is sticky: libavformat keeps asking
/// after EOF while it probes, and every later call must answer EOF at once rather than wait again. A read that
/// times out or is stopped ends the stream too.
final class CustomInput {
    let stream: any ByteStream
    private let interrupter: Interrupter
    private(set) var context: UnsafeMutablePointer<AVIOContext>?
    private var ended = false
    /// The error that broke the stream, for the message the source gives.
    private(set) var failure: MediaError?
    static let bufferSize = 64 << 10
    static let slice: Duration = .milliseconds(100)

    init(stream: any ByteStream, interrupter: Interrupter) throws {
        self.stream = stream
        self.interrupter = interrupter
        guard let buffer = av_malloc(Self.bufferSize) else { throw MediaError(.decode, "out of memory for a stream buffer") }
        let opaque = Unmanaged.passUnretained(self).toOpaque()
        context = avio_alloc_context(buffer.assumingMemoryBound(to: UInt8.self), Int32(Self.bufferSize), 0, opaque,
                                     { opaque, buffer, size in
                                         guard let opaque, let buffer else { return CFFmpeg_AVERROR(EINVAL) }
                                         let input = Unmanaged<CustomInput>.fromOpaque(opaque).takeUnretainedValue()
                                         return input.read(into: UnsafeMutableRawBufferPointer(start: buffer, count: Int(size)))
                                     }, nil, nil)
        guard context != nil else {
            av_free(buffer)
            throw MediaError(.decode, "out of memory for a stream context")
        }
    }

    deinit {
        if let context { freeCustomIO(context) }
        if !ended { stream.close() }
    }

    private func read(into buffer: UnsafeMutableRawBufferPointer) -> Int32 {
        if ended { return CFFmpeg_AVERROR_EOF() }
        while true {
            if interrupter.isStopped || interrupter.hasExpired {
                end()
                return CFFmpeg_AVERROR_EXIT()
            }
            do {
                guard let count = try stream.read(into: buffer, wait: Self.slice) else {
                    end()
                    return CFFmpeg_AVERROR_EOF()
                }
                if count > 0 { return Int32(count) }
            } catch {
                failure = error as? MediaError ?? MediaError(.streamLost, "\(error)")
                end()
                return CFFmpeg_AVERROR_EOF()
            }
        }
    }

    /// The stream is over (its end, a failure, a read that timed out or was stopped: the source is lost and never
    /// reads again). It is closed at once, which releases its port and tells the sender to stop (a GB/T 28181 BYE),
    /// rather than when the source is freed: a reader kept alive after its stream was lost would otherwise hold
    /// both, and the device would go on sending into a port nobody reads.
    private func end() {
        ended = true
        stream.close()
    }
}

/// Frees a custom I/O context made with `avio_alloc_context` and the buffer it holds now (libavformat may have
/// replaced the one it was given), as both custom inputs and outputs must.
func freeCustomIO(_ context: UnsafeMutablePointer<AVIOContext>) {
    var buffer: UnsafeMutablePointer<UInt8>? = context.pointee.buffer
    av_freep(&buffer)
    var pointer: UnsafeMutablePointer<AVIOContext>? = context
    avio_context_free(&pointer)
}
