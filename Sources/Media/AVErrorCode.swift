import CFFmpeg

/// An FFmpeg status code (`AVERROR(...)`), matchable in `catch` clauses:
///
/// ```swift
/// do { try reader.nextFrame() } catch AVErrorCode.eof { ... }
/// ```
public struct AVErrorCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int32

    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let eof = AVErrorCode(rawValue: CFFmpeg_AVERROR_EOF())
    public static let tryAgain = AVErrorCode(rawValue: CFFmpeg_AVERROR(EAGAIN))
    public static let invalidData = AVErrorCode(rawValue: CFFmpeg_AVERROR_INVALIDDATA())
    public static let exit = AVErrorCode(rawValue: CFFmpeg_AVERROR_EXIT())
    public static let noSuchFile = AVErrorCode(rawValue: CFFmpeg_AVERROR(ENOENT))
    public static let permissionDenied = AVErrorCode(rawValue: CFFmpeg_AVERROR(EACCES))

    /// FFmpeg's own text for the code.
    public var description: String {
        var buffer = [CChar](repeating: 0, count: Int(AV_ERROR_MAX_STRING_SIZE))
        av_strerror(rawValue, &buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    public static func ~= (code: AVErrorCode, error: any Error) -> Bool {
        (error as? MediaError)?.code == code
    }
}
