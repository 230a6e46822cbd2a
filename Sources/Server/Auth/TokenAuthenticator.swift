import Foundation
import Hummingbird
import HummingbirdAuth
import Incidents

/// Reads `Authorization: Bearer <token>` and looks the token up on every request (a revoked token fails at its
/// next request). A missing, malformed, unknown or revoked token is refused with 401 before any route runs.
struct TokenAuthenticator: AuthenticatorMiddleware {
    typealias Context = ServerRequestContext
    let store: any AccessStore

    func authenticate(request: Request, context: ServerRequestContext) async throws -> Caller? {
        // A media link was opened before (FootageLinkMiddleware): its caller stands.
        if let caller = context.identity { return caller }
        guard let bearer = request.headers.bearer?.token, !bearer.isEmpty, bearer.count <= 128 else {
            throw Self.refusal("a bearer token is required (Authorization: Bearer <token>)", code: ErrorCode.tokenRequired)
        }
        let hash = TokenSecret.hash(bearer)
        guard let token = try await store.liveToken(secretHash: hash),
              let role = Role(rawValue: token.role) else {
            throw Self.refusal("unknown or revoked token", code: ErrorCode.tokenUnknown)
        }
        return Caller(tokenId: token.id, name: token.name, role: role, grid: token.grid, force: token.force)
    }

    private static func refusal(_ message: String, code: String) -> ServerError {
        .http(.unauthorized, message: message, code: code, headers: [.wwwAuthenticate: "Bearer realm=\"sharpeyes\""])
    }
}

extension ServerRequestContext {
    /// The caller, if their role has `capability`; 403 otherwise (401 cannot happen here: the authenticator ran).
    func caller(needing capability: Role.Capability) throws -> Caller {
        guard let caller = identity else { throw ServerError.http(.unauthorized, message: "a bearer token is required") }
        guard caller.role.allows(capability) else {
            throw ServerError.http(.forbidden, message: "the \(caller.role.rawValue) role may not do this", code: ErrorCode.roleForbidden)
        }
        return caller
    }
}
