import HTTPTypes
import Hummingbird

/// An MP4 answered whole (200) or in the byte range asked for (206), so a browser can seek; a range the file cannot
/// satisfy is refused with 416 before anything is audited or sent.
enum VideoFile {
    /// The range `request` asks of a file of `size` bytes; throws the 416.
    static func range(_ request: Request, size: Int) throws -> ByteRange.Request {
        let range = ByteRange.parse(request.headers[.range], size: size)
        if range == .unsatisfiable {
            throw ServerError.http(.rangeNotSatisfiable, message: "the video has \(size) bytes",
                                   headers: [.contentRange: "bytes */\(size)"])
        }
        return range
    }

    static func response(_ file: String, size: Int, range: ByteRange.Request, context: ServerRequestContext,
                         download: String? = nil) async throws -> Response {
        var headers: HTTPFields = [.contentType: "video/mp4", .acceptRanges: "bytes", .cacheControl: "private, no-store"]
        if let download { headers[.contentDisposition] = "attachment; filename=\"\(download)\"" }
        guard case .part(let part) = range else {
            headers[.contentLength] = "\(size)"
            return Response(status: .ok, headers: headers, body: try await FileIO().loadFile(path: file, context: context))
        }
        headers[.contentRange] = "bytes \(part.first)-\(part.last)/\(size)"
        headers[.contentLength] = "\(part.count)"
        let body = try await FileIO().loadFile(path: file, range: part.first...part.last, context: context)
        return Response(status: .partialContent, headers: headers, body: body)
    }
}
