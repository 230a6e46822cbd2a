/// Why a photo cannot be used to enrol or to search: typed, so an HTTP route maps each kind to a status in one place.
///
/// ```swift
/// catch let error as PhotoError where error.kind == .noFace { respond(422, error.message) }
/// ```
public struct PhotoError: Error, Sendable, CustomStringConvertible {
    /// What is wrong with the photo; new kinds may be added.
    public struct Kind: Hashable, Sendable {
        private enum Base { case notAnImage, tooLarge, noFace, severalFaces }
        private let base: Base

        /// Not a JPEG or PNG that FFmpeg decodes (an upload), or a file that holds no picture.
        public static var notAnImage: Kind { Kind(base: .notAnImage) }
        /// Too many bytes, or more pixels than `FrameLimit.maxPixels`.
        public static var tooLarge: Kind { Kind(base: .tooLarge) }
        public static var noFace: Kind { Kind(base: .noFace) }
        public static var severalFaces: Kind { Kind(base: .severalFaces) }
    }

    public let kind: Kind
    /// One line: what is wrong and what photo to use instead.
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    static func notAnImage(_ message: String) -> Self { Self(.notAnImage, message) }
    static func tooLarge(_ message: String) -> Self { Self(.tooLarge, message) }

    public var description: String { message }
}
