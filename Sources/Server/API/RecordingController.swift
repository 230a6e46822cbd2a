import Foundation
import HTTPTypes
import Hummingbird
import Incidents

/// `GET /api/cameras/{id}/recording.mp4?from=…&to=…`: a camera's continuous recording over a time range, joined
/// from its segments by stream copy and cut at the keyframe at or before `from` (investigators and admins; audited
/// with the range). A range with no footage is a 404 that says so, and the stretches a partly recorded range lacks are
/// listed in `X-Recording-Gaps`; one over `maxSeconds` a 413. The export is written
/// once (`APIServices.recordings`), so a browser's Range requests (206; 416 for bad ones) read one file.
struct RecordingController: Sendable {
    let services: APIServices
    var auditor: Auditor { Auditor(store: services.records) }
    static let route = "/api/cameras/{id}/recording.mp4"
    static let maxSeconds = RecordingExportLimit.seconds

    func addRoutes(to group: RouterGroup<ServerRequestContext>) {
        group.get("{id}/recording.mp4", use: auditor.auditingRefusals(route: Self.route, export))
    }

    @Sendable func export(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let caller = try context.caller(needing: .history)
        let query = try QueryParameters(request, allowed: ["from", "to"])
        let camera = try context.parameters.require("id")
        guard let from = try query.date("from"), let to = try query.date("to"), to > from else {
            throw ServerError.badRequest("from, to: give both, as ISO 8601 times, from before to")
        }
        guard to.timeIntervalSince(from) <= Self.maxSeconds else {
            throw ServerError.http(.contentTooLarge, message: "a range of at most \(Int(Self.maxSeconds / 60)) minutes")
        }
        guard let file = try await services.recordings?.export(camera: camera, from: from, to: to),
              let resolved = MediaFile.resolved(file, inside: services.snapshotDirectory),
              let size = MediaFile.regularFileSize(resolved) else {
            throw ServerError.notFound("no recording of camera \(camera) between \(Self.stamp(from)) and \(Self.stamp(to))")
        }
        let range = try VideoFile.range(request, size: size)
        try await auditor.record(caller, request, route: Self.route, filters: query.audited.merging(["camera": camera]) { a, _ in a },
                                 rows: 1)
        var response = try await VideoFile.response(resolved, size: size, range: range, context: context, download: "\(camera).mp4")
        // What the file lacks of the range, as `start/end` pairs: the export holds what was recorded, no more.
        let gaps = try await services.recordings?.gaps(camera: camera, from: from, to: to) ?? []
        if !gaps.isEmpty, let name = HTTPField.Name(Self.gapsHeader) {
            response.headers[name] = gaps.map { "\(Self.stamp($0.lowerBound))/\(Self.stamp($0.upperBound))" }.joined(separator: ", ")
        }
        return response
    }

    /// The header listing the stretches of the range with no recording.
    static let gapsHeader = "X-Recording-Gaps"

    private static func stamp(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }
}
