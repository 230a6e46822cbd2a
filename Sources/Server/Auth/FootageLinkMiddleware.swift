import Hummingbird
import HummingbirdAuth
import Incidents

/// Opens a request's media link (`FootageLinks`): the request goes on as its caller, with the link taken off its
/// address, so the route sees what a request with the token would be. A request with a bearer token, or with no
/// link, passes untouched; a bad or expired link, or one whose token has since been revoked, is a 401.
struct FootageLinkMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext
    let links: FootageLinks
    let store: any AccessStore

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .get || request.method == .head, request.headers.bearer == nil else {
            return try await next(request, context)
        }
        let opened: (caller: Caller, target: String)?
        do {
            opened = try links.open(request.uri.string)
        } catch {
            throw ServerError.http(.unauthorized, message: error.expired ? "the media link has expired" : "not a media link this server made",
                                   code: error.expired ? ErrorCode.linkExpired : ErrorCode.linkInvalid)
        }
        guard let (caller, target) = opened else { return try await next(request, context) }
        guard try await store.isLive(tokenId: caller.tokenId) else {
            throw ServerError.http(.unauthorized, message: "unknown or revoked token", code: ErrorCode.tokenUnknown)
        }
        var head = request.head
        head.path = target
        var context = context
        context.identity = caller
        return try await next(Request(head: head, body: request.body), context)
    }
}
