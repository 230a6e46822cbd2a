import Foundation
import HTTPTypes
import Hummingbird

/// Serves the web console: `/` is its index and `/console/…` its files. They need no token (they hold no data:
/// every figure comes from the token-protected API), and carry headers that keep the page to this server's own
/// scripts, styles and images. Other paths pass through untouched.
struct ConsoleMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext

    private let files: FileMiddleware<Context, LocalFileSystem>?

    init(folder: URL?) {
        files = folder.map { FileMiddleware($0.path, urlBasePath: "/console") }
    }

    /// No inline scripts and nothing from elsewhere: media arrive as blobs fetched with the token.
    static let securityHeaders: HTTPFields = [
        HTTPField.Name("Content-Security-Policy")!: "default-src 'self'; img-src 'self' blob: data:; media-src 'self' blob:; object-src 'none'; "
            + "base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
        HTTPField.Name("X-Content-Type-Options")!: "nosniff",
        HTTPField.Name("Referrer-Policy")!: "no-referrer",
        .cacheControl: "no-cache",
    ]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard request.method == .get || request.method == .head, path == "/" || path.hasPrefix("/console/") else {
            return try await next(request, context)
        }
        guard let files else {
            throw ServerError.http(.serviceUnavailable, message: "the console's files are not installed beside the binary")
        }
        var head = request.head
        if path == "/" { head.path = "/console/index.html" }
        var response = try await files.handle(Request(head: head, body: request.body), context: context) { _, _ in
            throw HTTPError(.notFound)
        }
        for field in Self.securityHeaders { response.headers[field.name] = field.value }
        if let type = response.headers[.contentType], type.hasPrefix("text/"), !type.contains("charset") {
            response.headers[.contentType] = type + "; charset=utf-8"
        }
        return response
    }
}
