import CFFmpeg
import Foundation

/// The custom `AVIOContext` a fragmented MP4 is written through: libavformat's bytes gather in memory and are
/// taken after each header or fragment, instead of going to a file.
final class FragmentOutput {
    private(set) var context: UnsafeMutablePointer<AVIOContext>?
    private var pending = Data()
    static let bufferSize = 64 << 10

    init() throws {
        guard let buffer = av_malloc(Self.bufferSize) else { throw MediaError(.encode, "out of memory for a live buffer") }
        let opaque = Unmanaged.passUnretained(self).toOpaque()
        context = avio_alloc_context(buffer.assumingMemoryBound(to: UInt8.self), Int32(Self.bufferSize), 1, opaque, nil,
                                     { opaque, bytes, size in
                                         guard let opaque, let bytes, size >= 0 else { return CFFmpeg_AVERROR(EINVAL) }
                                         let output = Unmanaged<FragmentOutput>.fromOpaque(opaque).takeUnretainedValue()
                                         output.pending.append(bytes, count: Int(size))
                                         return size
                                     }, nil)
        guard context != nil else {
            av_free(buffer)
            throw MediaError(.encode, "out of memory for a live context")
        }
    }

    deinit {
        if let context { freeCustomIO(context) }
    }

    /// Everything written since the last call (the muxer's buffer flushed first).
    func take() -> Data {
        if let context { avio_flush(context) }
        defer { pending = Data() }
        return pending
    }
}
