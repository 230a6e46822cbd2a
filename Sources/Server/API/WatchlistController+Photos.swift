import Foundation
import Hummingbird
import Incidents
import Toolkit

/// `GET /api/watchlists/faces/{id}/photos/{n}.jpg`: the n-th enrolment photo of an identity (1 is the first), for
/// the roles that may read the watchlist: the file the CLI enrolled from, or the copy `serve` keeps of a photo
/// uploaded through the API (under the snapshot directory's `watchlist/`); older uploads were not kept (404).
extension WatchlistController {
    @Sendable func facePhoto(_ request: Request, context: ServerRequestContext) async throws -> Response {
        _ = try context.caller(needing: .readWatchlists)
        _ = try QueryParameters(request, allowed: [])
        let id = try context.parameters.require("id", as: Int64.self)
        let number = try context.parameters.require("n", as: Int.self)
        guard let (_, samples) = try await services.records.faceWatchlist().first(where: { $0.0.id == id }) else {
            throw ServerError.notFound("no identity \(id) on the face watchlist")
        }
        guard samples.indices.contains(number - 1),
              let bytes = try await Blocking.run({ try MediaFile.read(samples[number - 1].photo, inside: nil) }),
              let type = ImageBytes.contentType(of: bytes) else {
            throw ServerError.notFound("identity \(id) has no stored photo \(number)")
        }
        return Response(status: .ok, headers: [.contentType: type, .cacheControl: "private, no-store"],
                        body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
