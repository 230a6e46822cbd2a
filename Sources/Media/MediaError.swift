/// What went wrong while opening, reading, decoding or encoding media, in words a person can act on.
public struct MediaError: Error, Sendable, CustomStringConvertible {
    /// The broad class of failure; new kinds may be added.
    public struct Kind: Hashable, Sendable {
        private enum Base { case notFound, notVideo, unsupportedCodec, tooLarge, unreachable, streamLost, decode, encode }
        private let base: Base

        public static var notFound: Kind { Kind(base: .notFound) }
        public static var notVideo: Kind { Kind(base: .notVideo) }
        public static var unsupportedCodec: Kind { Kind(base: .unsupportedCodec) }
        /// The stream declares pictures larger than `FrameLimit.maxPixels`.
        public static var tooLarge: Kind { Kind(base: .tooLarge) }
        public static var unreachable: Kind { Kind(base: .unreachable) }
        public static var streamLost: Kind { Kind(base: .streamLost) }
        public static var decode: Kind { Kind(base: .decode) }
        public static var encode: Kind { Kind(base: .encode) }
    }

    public let kind: Kind
    /// One line: what failed and, where there is one, what to do about it.
    public let message: String
    /// The FFmpeg status behind the failure, if any.
    public let code: AVErrorCode?

    public init(_ kind: Kind, _ message: String, code: AVErrorCode? = nil) {
        self.kind = kind
        self.message = message
        self.code = code
    }

    public var description: String { message }
}

extension Int32 {
    /// Throws a `MediaError` of `kind` when an FFmpeg call returned a negative status.
    @discardableResult
    func check(_ kind: MediaError.Kind, _ what: @autoclosure () -> String) throws -> Int32 {
        guard self < 0 else { return self }
        let code = AVErrorCode(rawValue: self)
        throw MediaError(kind, "\(what()): \(code)", code: code)
    }
}
