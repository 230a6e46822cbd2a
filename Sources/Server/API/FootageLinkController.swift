import Foundation
import Hummingbird

/// `POST /api/media-links` (`{"path": "/api/incidents/12/clip.mp4"}` or a camera's `recording.mp4?from=…&to=…`):
/// a link to that footage a video element can play and seek in without the token (`FootageLinks`), valid 5 minutes.
/// Any role may ask; the footage's own route decides, when the link is used, whether the caller may see it.
struct FootageLinkController: Sendable {
    let links: FootageLinks

    struct Body: Decodable { var path: String }

    struct Link: Encodable {
        var url: String
        var expiresAt: Date
    }

    func addRoutes(to group: RouterGroup<ServerRequestContext>) {
        group.post(use: issue)
    }

    @Sendable func issue(_ request: Request, context: ServerRequestContext) async throws -> Response {
        guard let caller = context.identity else { throw ServerError.http(.unauthorized, message: "a bearer token is required") }
        _ = try QueryParameters(request, allowed: [])
        let body = try await request.decodeJSON(as: Body.self, context: context)
        let path = String(body.path.prefix { $0 != "?" })
        guard body.path.count <= 2048, FootageLinks.allows(path: path), !body.path.contains("link=") else {
            throw ServerError.invalid(field: "path", message: "path: links are made for an incident's clip.mp4 or a camera's recording.mp4")
        }
        let (url, expires) = links.link(to: body.path, for: caller)
        var response = try context.responseEncoder.encode(Link(url: url, expiresAt: expires), from: request, context: context)
        response.status = .created
        return response
    }
}
