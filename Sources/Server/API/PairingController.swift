import Foundation
import Hummingbird
import Incidents

/// Signing a phone in without typing a token: `POST /api/pairings` (admins and duty officers) makes an 8-digit code
/// for a token of a given role and name, valid for 5 minutes; `POST /api/pair` (no token: the phone has none yet)
/// exchanges the code, once, for the token itself. Both are audited; wrong codes are limited server-wide.
struct PairingController: Sendable {
    let services: APIServices
    let limiter = AttemptLimiter()

    /// `open` is outside the token authenticator, `protected` behind it.
    func addRoutes(open: RouterGroup<ServerRequestContext>, protected: RouterGroup<ServerRequestContext>) {
        open.post(use: exchange)
        protected.post(use: create)
    }

    struct CreateBody: Decodable {
        var role: Role
        var name: String
        var grid: String?
        var force: String?
    }

    struct Created: Encodable {
        var code: String
        var name: String
        var role: String
        var grid: String?
        var force: String?
        var expiresAt: Date
    }

    @Sendable func create(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let caller = try context.caller(needing: .pairDevices)
        _ = try QueryParameters(request, allowed: [])
        let body = try await request.decodeJSON(as: CreateBody.self, context: context)
        // A duty officer pairs the units he dispatches to, never a token with more rights than his own.
        guard caller.role == .admin || [.patrol, .community].contains(body.role) else {
            throw ServerError.http(.forbidden, message: "the \(caller.role.rawValue) role may pair patrol and community phones only",
                                   code: ErrorCode.pairingRole)
        }
        if let problem = Pairing.problem(name: body.name, role: body.role, grid: body.grid, force: body.force) {
            throw ServerError.badRequest(problem)
        }
        let made = Pairing.grant(name: body.name, role: body.role, grid: body.grid, force: body.force)
        let grant = try await services.pairings.insertPairing(made.grant)
        try await Auditor(store: services.records).record(caller, request, route: "/api/pairings",
                                                          filters: ["role": body.role.rawValue, "name": body.name, "grant": "\(grant.id ?? 0)"], rows: 1)
        let created = Created(code: made.code, name: body.name, role: body.role.rawValue, grid: body.grid, force: body.force,
                              expiresAt: grant.createdAt.addingTimeInterval(Pairing.lifetime))
        var response = try context.responseEncoder.encode(created, from: request, context: context)
        response.status = .created
        response.headers[.cacheControl] = "no-store"
        return response
    }

    struct ExchangeBody: Decodable { var code: String }

    struct Exchanged: Encodable {
        var token: String
        var name: String
        var role: String
        var grid: String?
        var force: String?
    }

    @Sendable func exchange(_ request: Request, context: ServerRequestContext) async throws -> Response {
        _ = try QueryParameters(request, allowed: [])
        guard limiter.allows() else {
            throw ServerError.http(.tooManyRequests, message: "too many wrong pairing codes; try again in a minute",
                                   code: ErrorCode.pairingLimited, headers: [.retryAfter: "60"])
        }
        let code = try await request.decodeJSON(as: ExchangeBody.self, context: context).code.filter { !" -".contains($0) }
        let now = Date(), secret = TokenSecret.generate()
        let redeemed = code.count == Pairing.digits && code.allSatisfy(\.isASCII) && code.allSatisfy(\.isNumber)
            ? try await services.pairings.redeemPairing(since: now.addingTimeInterval(-Pairing.lifetime), now: now,
                                                        matches: { Pairing.matches($0, code: code) },
                                                        issue: { Pairing.token(from: $0, secret: secret, now: now) })
            : nil
        guard let (grant, token) = redeemed, let role = Role(rawValue: token.role) else {
            limiter.failed()
            try await services.records.audit(AuditEntry(tokenId: nil, actor: "-", role: "-", method: "POST", route: "/api/pair",
                                                        filters: "{}", rows: 0, status: 403))
            throw ServerError.http(.forbidden, message: "unknown, used or expired pairing code", code: ErrorCode.pairingInvalid)
        }
        let caller = Caller(tokenId: token.id, name: token.name, role: role, grid: token.grid, force: token.force)
        try await Auditor(store: services.records).record(caller, request, route: "/api/pair", filters: ["grant": "\(grant.id ?? 0)"], rows: 1)
        var response = try context.responseEncoder.encode(
            Exchanged(token: secret, name: token.name, role: role.rawValue, grid: token.grid, force: token.force), from: request, context: context)
        response.headers[.cacheControl] = "no-store"
        return response
    }
}
