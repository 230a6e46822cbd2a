import Dispatching
import Foundation
import Hummingbird
import Incidents

/// `POST /api/alarms`: a device's alarm (`{"device": "school-12-button", "kind": "one_button", "time": "…Z",
/// "position": [45.757, 126.642], "description": "…"}`), with the device's own token (role `device`, its force the
/// device id; an admin may raise any device's, for a drill). 201 with the incident; a stale or replayed alarm 409;
/// audited. See `AlarmDesk`.
struct AlarmController: Sendable {
    let services: APIServices

    struct Body: Decodable {
        var device: String
        var kind: String?
        var time: Date
        var position: [Double]?
        var description: String?
    }

    struct Raised: Encodable {
        var incident: Int64
        var cameraId: String
    }

    func addRoutes(to group: RouterGroup<ServerRequestContext>) {
        group.post(use: Auditor(store: services.records).auditingRefusals(route: "/api/alarms", raise))
    }

    @Sendable func raise(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let caller = try context.caller(needing: .raiseAlarms)
        _ = try QueryParameters(request, allowed: [])
        guard let desk = services.alarms else {
            throw ServerError.http(.serviceUnavailable, message: "no alarm devices are configured on this server", code: ErrorCode.alarmsOff)
        }
        let body = try await request.decodeJSON(as: Body.self, context: context)
        guard caller.role != .device || caller.force == body.device else {
            throw ServerError.http(.forbidden, message: "this token speaks for device '\(caller.force ?? "")', not '\(body.device)'",
                                   code: ErrorCode.alarmNotYourDevice)
        }
        let position = try body.position.map { values in
            guard values.count == 2, (-90...90).contains(values[0]), (-180...180).contains(values[1]) else {
                throw ServerError.invalid(field: "position", message: "position: [latitude, longitude] in degrees")
            }
            return Coordinate(latitude: values[0], longitude: values[1])
        }
        guard body.description.map({ $0.count <= 256 }) ?? true, body.kind.map({ $0.count <= 64 }) ?? true else {
            throw ServerError.invalid(field: "description", message: "description: at most 256 characters, kind 64")
        }
        let incident = try await Self.recorded(try await desk.report(device: body.device, kind: body.kind, time: body.time,
                                                                      position: position, description: body.description))
        try await Auditor(store: services.records).record(caller, request, route: "/api/alarms",
                                                          filters: ["device": body.device, "incident": "\(incident.id ?? 0)"], rows: 1, status: 201)
        var response = try context.responseEncoder.encode(Raised(incident: incident.id ?? 0, cameraId: incident.cameraId),
                                                          from: request, context: context)
        response.status = .created
        return response
    }

    /// The new incident; a replay is refused (the same alarm cannot raise a second incident, nor be told apart
    /// from a recorded one sent again).
    private static func recorded(_ outcome: @autoclosure () async throws(AlarmRefusal) -> AlarmOutcome) async throws -> Incident {
        do {
            switch try await outcome() {
            case .raised(let incident): return incident
            case .replayed(let incident):
                throw ServerError.http(.conflict, message: "this alarm was recorded already (incident \(incident.id ?? 0))",
                                       code: ErrorCode.alarmReplayed)
            }
        } catch let refusal as AlarmRefusal {
            switch refusal {
            case .unknownDevice: throw ServerError.http(.notFound, message: refusal.description, code: ErrorCode.alarmDeviceUnknown)
            case .stale: throw ServerError.http(.conflict, message: refusal.description, code: ErrorCode.alarmStale)
            case .noCamera: throw ServerError.http(.serviceUnavailable, message: refusal.description, code: ErrorCode.alarmsOff)
            case .store(let error): throw error
            }
        }
    }
}
