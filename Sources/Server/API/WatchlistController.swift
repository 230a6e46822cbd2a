import Foundation
import Hummingbird
import Incidents
import InputSafety
import Recognition
import Severities

/// The face watchlist (photo upload through the face service, the same refusals as the CLI) and the plate hotlist
/// (one plate as JSON, or a CSV import): add, list, remove.
struct WatchlistController: Sendable {
    let services: APIServices

    func addRoutes(to group: RouterGroup<ServerRequestContext>) {
        group.get("faces", use: listFaces)
        group.post("faces", use: addFace)
        group.delete("faces/{id}", use: removeFace)
        group.get("faces/{id}/photos/{n}.jpg", use: facePhoto)
        group.get("plates", use: listPlates)
        group.post("plates", use: addPlate)
        group.post("plates/import", use: importPlates)
        group.delete("plates/{plate}", use: removePlate)
    }

    struct IdentityView: Codable, Sendable {
        var id: Int64
        var name: String
        var list: String
        var severity: Severity
        var reason: String?
        var photos: Int
        var createdAt: Date

        init(_ identity: WatchlistIdentity, photos: Int) {
            (id, name, list, severity, reason, self.photos, createdAt) = (identity.id ?? 0, identity.name, identity.list,
                                                                          identity.severity, identity.reason, photos, identity.createdAt)
        }
    }

    struct PlateView: Codable, Sendable {
        var id: Int64
        var plate: String
        var list: String
        var severity: Severity
        var reason: String?
        var createdAt: Date

        init(_ entry: WatchlistPlate) {
            (id, plate, list, severity, reason, createdAt) = (entry.id ?? 0, entry.pattern, entry.list, entry.severity, entry.reason, entry.createdAt)
        }
    }

    @Sendable func listFaces(_ request: Request, context: ServerRequestContext) async throws -> Response {
        _ = try context.caller(needing: .readWatchlists)
        _ = try QueryParameters(request, allowed: [])
        let identities = try await services.records.faceWatchlist().map { IdentityView($0, photos: $1.count) }
        return try context.responseEncoder.encode(identities, from: request, context: context)
    }

    struct FaceForm: Decodable {
        var name: String
        var list: String
        var severity: String?
        var reason: String?
        var photo: Data
    }

    @Sendable func addFace(_ request: Request, context: ServerRequestContext) async throws -> Response {
        _ = try context.caller(needing: .editWatchlists)
        let form = try await Multipart.decode(FaceForm.self, from: request, context: context,
                                              expecting: "fields name, list, severity, reason and a photo file")
        for (field, value) in [("name", form.name), ("list", form.list)] where value.isEmpty || value.count > 128 {
            throw ServerError.badRequest("\(field): give 1 to 128 characters")
        }
        for (field, value) in [("name", form.name), ("list", form.list), ("reason", form.reason ?? "")] {
            try QueryParameters.text(value, named: field)
        }
        let severity: Severity
        do { severity = try Severity(parsing: form.severity ?? "high") } catch {
            throw ServerError.badRequest(error.description)
        }
        guard let faces = services.faces else {
            throw ServerError.http(.serviceUnavailable, message: "face models are not loaded on this server")
        }
        let identity = try await faces.enrol(photo: form.photo, name: form.name, list: form.list, severity: severity,
                                             reason: form.reason)
        let photos = try await services.records.photoCount(identity: identity.id ?? 0)
        var response = try context.responseEncoder.encode(IdentityView(identity, photos: photos), from: request, context: context)
        response.status = .created
        return response
    }

    @Sendable func removeFace(_ request: Request, context: ServerRequestContext) async throws -> HTTPResponse.Status {
        _ = try context.caller(needing: .editWatchlists)
        let id = try context.parameters.require("id", as: Int64.self)
        guard try await services.records.removeIdentity(id: id) else { throw ServerError.notFound("no watchlist identity \(id)") }
        return .noContent
    }

    @Sendable func listPlates(_ request: Request, context: ServerRequestContext) async throws -> Response {
        _ = try context.caller(needing: .readWatchlists)
        _ = try QueryParameters(request, allowed: [])
        let plates = try await services.records.plateHotlist().map(PlateView.init)
        return try context.responseEncoder.encode(plates, from: request, context: context)
    }

    struct PlateBody: Decodable {
        var plate: String
        var reason: String
        var severity: String?
        var list: String?
    }

    @Sendable func addPlate(_ request: Request, context: ServerRequestContext) async throws -> Response {
        _ = try context.caller(needing: .editWatchlists)
        let body = try await request.decode(as: PlateBody.self, context: context)
        let entry = try PlateListing.entry(body.plate, reason: body.reason, severity: body.severity ?? "high", list: body.list ?? "hotlist")
        try await services.records.listPlates([entry])
        let listed = try await services.records.listedPlate(entry.pattern)
        var response = try context.responseEncoder.encode(PlateView(listed ?? entry), from: request, context: context)
        response.status = .created
        return response
    }

    struct ImportResult: Codable, Sendable {
        var listed: Int
        var duplicates: Int
    }

    @Sendable func importPlates(_ request: Request, context: ServerRequestContext) async throws -> Response {
        _ = try context.caller(needing: .editWatchlists)
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        let text: String
        do throws(Finding) { text = try ImportedText.decode(Array(body.readableBytesView)).text } catch {
            throw ServerError.invalid(field: nil, line: error.line,
                                      message: "line \(error.line): the hotlist is \(error.message): plate,reason[,severity[,list]] per line")
        }
        let (entries, duplicates) = try PlateListing.csv(text)
        try await services.records.listPlates(entries)
        return try context.responseEncoder.encode(ImportResult(listed: entries.count, duplicates: duplicates), from: request, context: context)
    }

    @Sendable func removePlate(_ request: Request, context: ServerRequestContext) async throws -> HTTPResponse.Status {
        _ = try context.caller(needing: .editWatchlists)
        let raw = try context.parameters.require("plate")
        let pattern = PlateText.normalise(try QueryParameters.text(raw.removingPercentEncoding ?? raw, named: "plate"))
        guard try await services.records.removePlate(pattern) else { throw ServerError.notFound("\(pattern) is not on the hotlist") }
        return .noContent
    }
}
