import Foundation
import Hummingbird

/// `GET /api/cameras/{id}/picture.jpg`: what the camera sees now (its newest keyframe, so at most one GOP old) as
/// JPEG, with the live view's role rules. The console shows it, refreshed every second, for a camera whose codec the
/// live view cannot send (H.265).
struct CameraPictureController: Sendable {
    let services: APIServices

    func addRoutes(to group: RouterGroup<ServerRequestContext>) {
        group.get("{id}/picture.jpg", use: picture)
    }

    @Sendable func picture(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let caller = try context.caller(needing: .incidents)
        _ = try QueryParameters(request, allowed: [])
        let camera = try context.parameters.require("id")
        if let reason = try await LiveController.refusal(of: caller, camera: camera, records: services.records) {
            throw ServerError.http(.forbidden, message: reason, code: ErrorCode.roleForbidden)
        }
        guard let jpeg = try await services.live?.picture(camera: camera) else {
            throw ServerError.notFound("no picture of camera \(camera) here yet")
        }
        return Response(status: .ok, headers: [.contentType: "image/jpeg", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(bytes: jpeg)))
    }
}
