public import Foundation
public import Media

/// A still photo (JPEG, PNG, …) decoded with FFmpeg, as a full-resolution frame and its RGB pixels.
public struct Photo {
    public let frame: Frame
    public let image: Image

    /// Uploaded photos larger than this are refused before decoding.
    public static let maximumBytes = 20 * 1024 * 1024

    /// - Parameter maxWidth: larger photos are scaled down to this width (faces stay large enough to find).
    public init(path: String, maxWidth: Int = 2400) throws {
        (frame, image) = try Self.decode(try MediaReader(url: path), name: path, maxWidth: maxWidth)
    }

    /// A JPEG or PNG photo given as bytes (an upload), decoded in memory: it is never written to disk, and only
    /// FFmpeg's `data:` protocol and its JPEG and PNG demuxers may read it, so bytes that are really a playlist or a
    /// concat list cannot make FFmpeg open files or URLs.
    /// - Parameter name: how messages call the photo.
    public init(bytes: Data, name: String = "the photo", maxWidth: Int = 2400) throws {
        guard bytes.count <= Self.maximumBytes else {
            throw PhotoError.tooLarge("\(name) has \(bytes.count / 1_048_576) MB; at most \(Self.maximumBytes / 1_048_576) MB")
        }
        var options = ReaderOptions(threads: 1)
        options.source.displayName = name
        options.source.allowedFormats = "jpeg_pipe,png_pipe"
        options.source.allowedProtocols = "data"
        do {
            let reader = try MediaReader(url: "data:application/octet-stream;base64," + bytes.base64EncodedString(),
                                         options: options)
            (frame, image) = try Self.decode(reader, name: name, maxWidth: maxWidth)
        } catch let error as MediaError where error.kind == .tooLarge {
            throw PhotoError.tooLarge(error.message)
        } catch let error as MediaError {
            throw PhotoError.notAnImage("\(name) is not a JPEG or PNG image" + (error.code.map { " (FFmpeg: \($0))" } ?? ""))
        }
    }

    private static func decode(_ reader: MediaReader, name: String, maxWidth: Int) throws -> (Frame, Image) {
        guard try reader.decodeNext() != nil else { throw MediaError(.notVideo, "\(name) holds no picture") }
        let frame = try reader.retainCurrent()
        return (frame, try Scaler(format: .rgb24, maxWidth: maxWidth).convert(frame))
    }
}
