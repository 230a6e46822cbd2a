import Dispatching
import Foundation
import Hummingbird
import Incidents
import Toolkit

/// `GET /api/sightings/{id}/snapshot.jpg` and `crop.jpg`, authorised like the row they belong to: patrol and
/// community callers only get images of incidents they may see, and community callers never get a crop (it may
/// show a face). Files are read only from where the row points, inside the snapshot directory.
struct MediaController: Sendable {
    let services: APIServices
    var auditor: Auditor { Auditor(store: services.records) }

    func addRoutes(to group: RouterGroup<ServerRequestContext>) {
        for picture in [Picture.snapshot, .crop] {
            let route = "{id}/\(picture.rawValue).jpg"
            group.get(RouterPath(route), use: auditor.auditingRefusals(route: "/api/sightings/" + route) { request, context in
                try await image(picture, request, context)
            })
        }
    }

    enum Picture: String { case snapshot, crop }

    func image(_ picture: Picture, _ request: Request, _ context: ServerRequestContext) async throws -> Response {
        let caller = try context.caller(needing: .incidents)
        _ = try QueryParameters(request, allowed: [])
        guard let id = context.parameters.get("id", as: Int64.self), id > 0 else {
            throw ServerError.badRequest("id: a sighting id is a positive whole number")
        }
        if picture == .crop, caller.audience == .community {
            throw ServerError.forbidden("crops are not shown to community forces")
        }
        let directory = services.snapshotDirectory
        let sighting = try await services.records.visibleSighting(id: id, scope: caller.scope)
        // A file read blocks its thread: NIO's pool, not the cooperative one.
        guard let path = picture == .snapshot ? sighting?.snapshotPath : sighting?.cropPath,
              let bytes = try await Blocking.run({ try MediaFile.read(path, inside: directory) }) else {
            throw ServerError.notFound("no \(picture.rawValue) for sighting \(id)")
        }
        try await auditor.record(caller, request, route: "/api/sightings/{id}/\(picture.rawValue).jpg",
                                 filters: ["id": "\(id)"], rows: 1)
        return Response(status: .ok, headers: [.contentType: "image/jpeg", .cacheControl: "private, no-store"],
                        body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

/// Reads a stored image, refusing anything that is not a regular file inside the snapshot directory (a row
/// edited to point at /etc/shadow gets nothing).
enum MediaFile {
    static let sizeLimit = 16 << 20

    static func read(_ path: String, inside directory: String?) throws -> Data? {
        guard let file = resolved(path, inside: directory), let size = regularFileSize(file), size <= sizeLimit else {
            return nil
        }
        return FileManager.default.contents(atPath: file)
    }

    /// The path with symbolic links resolved, if it lies inside `directory` (or anywhere, without one).
    static func resolved(_ path: String, inside directory: String?) -> String? {
        let file = URL(fileURLWithPath: path).resolvingSymlinksInPath().standardizedFileURL.path
        if let directory {
            let root = URL(fileURLWithPath: directory).resolvingSymlinksInPath().standardizedFileURL.path
            guard file.hasPrefix(root.hasSuffix("/") ? root : root + "/") else { return nil }
        }
        return file
    }

    /// The size of a regular file; nil for anything else (a directory, a device, nothing).
    static func regularFileSize(_ file: String) -> Int? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: file),
              attributes[.type] as? FileAttributeType == .typeRegular else { return nil }
        return attributes[.size] as? Int ?? 0
    }
}
