import Foundation
import Hummingbird
import Incidents
import Severities

/// `GET /api/incidents.csv` and `GET /api/incidents.json`: every incident matching a filter, streamed page by
/// page (500 rows per read), so an export of the whole table never sits in memory. The audit entry, with the rows
/// actually sent, is written when the stream ends, also when the client goes away.
struct ExportController: Sendable {
    let services: APIServices
    var auditor: Auditor { Auditor(store: services.records) }

    static let batch = 500

    func addRoutes(to group: RouterGroup<ServerRequestContext>) {
        for format in [Format.csv, .json] {
            let file = "incidents.\(format.rawValue)"
            group.get(RouterPath(file), use: auditor.auditingRefusals(route: "/api/" + file) { request, context in
                try await export(format, request, context)
            })
        }
    }

    enum Format: String { case csv, json }

    func export(_ format: Format, _ request: Request, _ context: ServerRequestContext) async throws -> Response {
        let caller = try context.caller(needing: .history)
        let query = try QueryParameters(request, allowed: QueryParameters.historyNames.union(format == .csv ? ["tz"] : []))
        let filter = try query.historyFilter(for: caller)
        let zone = try IncidentCSV.zone(query.one("tz"))
        let store = services.records, auditor = auditor, encoder = context.responseEncoder
        let route = "/api/incidents.\(format.rawValue)", filters = query.audited
        // The first page is read before answering, so a bad filter is still a 400 and not a broken stream.
        let first = try await store.incidents(matching: filter, page: PageRequest(internal: Self.batch))
        let body = ResponseBody { writer in
            var sent = 0
            do {
                try await writer.write(ByteBuffer(string: format == .csv ? IncidentCSV.bom + IncidentCSV.header : "["))
                var page = first
                while true {
                    let views = page.items.map { IncidentView($0, for: caller) }
                    try await writer.write(ByteBuffer(string: try Self.text(views, format, first: sent == 0, zone, encoder)))
                    sent += views.count
                    guard let cursor = page.nextCursor else { break }
                    page = try await store.incidents(matching: filter, page: PageRequest(internal: Self.batch, cursor: cursor))
                }
                if format == .json { try await writer.write(ByteBuffer(string: "]\n")) }
                try await writer.finish(nil)
                try await auditor.record(caller, request, route: route, filters: filters, rows: sent)
            } catch {
                try? await auditor.record(caller, request, route: route, filters: filters, rows: sent, status: 499)
                throw error
            }
        }
        let type = format == .csv ? "text/csv; charset=utf-8" : "application/json"
        return Response(status: .ok, headers: [
            .contentType: type, .contentDisposition: "attachment; filename=\"incidents.\(format.rawValue)\"",
        ], body: body)
    }

    private static func text(_ views: [IncidentView], _ format: Format, first: Bool, _ zone: TimeZone,
                             _ encoder: JSONEncoder) throws -> String {
        switch format {
        case .csv: return views.map { IncidentCSV.line($0, zone: zone) }.joined()
        case .json:
            let objects = try views.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
            return (first || objects.isEmpty ? "" : ",") + objects.joined(separator: ",")
        }
    }
}

/// Incidents as CSV rows. Cells that a spreadsheet would run as a formula (=, +, -, @ first) get a leading quote.
/// The file starts with a byte-order mark, without which spreadsheets read UTF-8 (plates, names) as mojibake, and its
/// times are ISO 8601 with the offset of the zone asked for (`tz`, the console sends the viewer's), UTC by default.
enum IncidentCSV {
    static let bom = "\u{FEFF}"

    /// The zone named by `tz` (an IANA name such as Asia/Shanghai), UTC without one.
    static func zone(_ name: String?) throws -> TimeZone {
        guard let name else { return .gmt }
        guard let zone = TimeZone(identifier: name) else { throw QueryParameters.invalid("tz", "'\(name)' is not a time zone name") }
        return zone
    }

    static let header = "id,created_at,type,kind,plate,identity,watchlist,reason,severity,status,camera_id,camera_name,grid,latitude,longitude,sightings,snapshot_url\r\n"

    static func line(_ view: IncidentView, zone: TimeZone = .gmt) -> String {
        let time = view.createdAt.formatted(Date.ISO8601FormatStyle(timeZoneSeparator: .colon, timeZone: zone))
        let cells: [String?] = [
            "\(view.id)", time, view.type, view.kind, view.plate, view.identity, view.watchlist, view.reason,
            view.severity.rawValue, view.status, view.cameraId, view.cameraName, view.grid, view.latitude.map { "\($0)" },
            view.longitude.map { "\($0)" }, "\(view.sightings)", view.snapshotUrl,
        ]
        return cells.map { cell($0 ?? "") }.joined(separator: ",") + "\r\n"
    }

    static func cell(_ text: String) -> String {
        var value = text
        if let first = value.first, "=+-@\t\r".contains(first), Double(value) == nil { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
