import Foundation
import HTTPTypes
import HummingbirdWebSocket
import Incidents
import Logging
import NIOCore
import NIOWebSocket

/// `GET /api/cameras/{id}/live`, upgraded to a WebSocket: a text message with the Media Source Extensions type,
/// then the init segment and each fragment as binary messages.
///
/// Browsers cannot set `Authorization` on a WebSocket, so the token comes as a subprotocol:
/// `new WebSocket(url, ["sharpeyes", "bearer." + token])`; the server answers `sharpeyes`. It is looked up as for
/// every route (a revoked token fails), needs no second request (a query ticket would), and stays out of URLs and
/// so out of access logs. Refusals are close frames with a reason a person can read (a browser sees no HTTP
/// status): 4401 token, 4403 role or grid (community: its grid's cameras only; patrol: none), 4404 no such camera,
/// 1003 a codec other than H.264 and H.265 (an H.265 view is sent: the browser plays it where it can, and otherwise
/// shows the camera's picture each second).
struct LiveController: Sendable {
    let services: APIServices
    static let subprotocol = "sharpeyes"
    static let tokenPrefix = "bearer."

    typealias Handler = WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>

    /// The upgrade of a request for a camera's live view; other paths are not upgraded.
    func shouldUpgrade(_ head: HTTPRequest) async -> ShouldUpgradeResult<Handler> {
        guard let camera = Self.camera(in: head.path ?? "") else { return .dontUpgrade }
        let offered = (head.headerFields[.secWebSocketProtocol] ?? "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }
        let token = offered.first { $0.hasPrefix(Self.tokenPrefix) }.map { String($0.dropFirst(Self.tokenPrefix.count)) }
        let decision = await authorise(token: token, camera: camera)
        let headers: HTTPFields = offered.contains(Self.subprotocol) ? [.secWebSocketProtocol: Self.subprotocol] : [:]
        return .upgrade(headers) { _, outbound, _ in
            switch decision {
            case .refused(let code, let reason): try await outbound.close(WebSocketErrorCode(codeNumber: code), reason: reason)
            case .allowed(let view): try await Self.send(view, to: outbound)
            }
        }
    }

    /// The camera id of `/api/cameras/{id}/live`.
    static func camera(in path: String) -> String? {
        let parts = path.split(separator: "?", maxSplits: 1).first.map { $0.split(separator: "/", omittingEmptySubsequences: false) } ?? []
        guard parts.count == 5, parts[1] == "api", parts[2] == "cameras", parts[4] == "live", !parts[3].isEmpty else { return nil }
        return String(parts[3]).removingPercentEncoding
    }

    enum Decision: Sendable {
        case allowed(AsyncThrowingStream<LiveChunk, any Error>)
        case refused(Int, String)
    }

    private func authorise(token: String?, camera: String) async -> Decision {
        guard let token, !token.isEmpty, token.count <= 128 else {
            return .refused(4401, "a token is required: offer the subprotocol bearer.<token>")
        }
        do {
            guard let row = try await services.records.liveToken(secretHash: TokenSecret.hash(token)),
                  let role = Role(rawValue: row.role) else { return .refused(4401, "unknown or revoked token") }
            let caller = Caller(tokenId: row.id, name: row.name, role: role, grid: row.grid, force: row.force)
            if let refusal = try await refusal(of: caller, camera: camera) { return refusal }
        } catch {
            return .refused(1011, "the store could not be read")
        }
        guard let view = services.live?.watch(camera: camera) else { return .refused(4404, "no live view of camera \(camera) here") }
        return .allowed(view)
    }

    private func refusal(of caller: Caller, camera: String) async throws -> Decision? {
        try await Self.refusal(of: caller, camera: camera, records: services.records).map { .refused(4403, $0) }
    }

    /// Who may see a camera now (its live view, its picture): role rules as for incidents — community callers their
    /// grid's cameras only, patrol and devices none. The reason, or nil when the caller may.
    static func refusal(of caller: Caller, camera: String, records: any HistoryStore) async throws -> String? {
        switch caller.role {
        case .patrol, .device: return "the \(caller.role.rawValue) role has no live view"
        case .community:
            let cameras = try await records.cameras(inGrids: caller.scope.onlyGrids)
            return cameras.contains { $0.id == camera } ? nil : "camera \(camera) is not in your grid"
        case .admin, .investigator, .dispatcher: return nil
        }
    }

    private static func send(_ view: AsyncThrowingStream<LiveChunk, any Error>, to outbound: WebSocketOutboundWriter) async throws {
        do {
            for try await chunk in view {
                switch chunk {
                case .start(let mimeType, let initSegment):
                    try await outbound.write(.text(mimeType))
                    try await outbound.write(.binary(ByteBuffer(bytes: initSegment)))
                case .fragment(let data): try await outbound.write(.binary(ByteBuffer(bytes: data)))
                }
            }
        } catch let error as CancellationError {
            throw error
        } catch {
            try await outbound.close(codeFor(error), reason: String("\(error)".prefix(120)))
        }
    }

    private static func codeFor(_ error: any Error) -> WebSocketErrorCode {
        "\(error)".contains("H.264") ? .unacceptableData : .goingAway
    }
}
