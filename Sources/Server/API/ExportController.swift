import Foundation
import Hummingbird
import Incidents
import Severities

/// `GET /api/incidents.csv` and `GET /api/incidents.json`: every incident matching a filter, streamed page by
/// page (500 rows per read), so an export of the whole table never sits in memory. The audit entry, with the rows
/// actually sent, is written when the stream ends, also when the client goes away. The CSV starts with a UTF-8
/// byte-order mark (without one, Excel reads Chinese names as mojibake) and gives times in the viewer's time zone
/// (`tz=Asia/Shanghai`, an IANA name; UTC when not given), with their offset, so no time is ambiguous.
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
        let csv = IncidentCSV(timeZone: try query.timeZone("tz") ?? .gmt)
        let store = services.records, auditor = auditor, encoder = context.responseEncoder
        let route = "/api/incidents.\(format.rawValue)", filters = query.audited
        // The first page is read before answering, so a bad filter is still a 400 and not a broken stream.
        let first = try await store.incidents(matching: filter, page: PageRequest(internal: Self.batch))
        let body = ResponseBody { writer in
            var sent = 0
            do {
                try await writer.write(ByteBuffer(string: format == .csv ? IncidentCSV.header : "["))
                var page = first
                while true {
                    let views = page.items.map { IncidentView($0, for: caller) }
                    try await writer.write(ByteBuffer(string: try Self.text(views, format, csv, first: sent == 0, encoder)))
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

    private static func text(_ views: [IncidentView], _ format: Format, _ csv: IncidentCSV, first: Bool,
                             _ encoder: JSONEncoder) throws -> String {
        switch format {
        case .csv: return views.map(csv.line).joined()
        case .json:
            let objects = try views.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
            return (first || objects.isEmpty ? "" : ",") + objects.joined(separator: ",")
        }
    }
}

/// Incidents as CSV rows, times in `timeZone`. Cells that a spreadsheet would run as a formula (=, +, -, @ first)
/// get a leading quote.
struct IncidentCSV {
    let timeZone: TimeZone

    static let header = "\u{FEFF}id,created_at,type,kind,plate,identity,watchlist,reason,severity,status,camera_id,camera_name,grid,latitude,longitude,sightings,snapshot_url\r\n"

    func line(_ view: IncidentView) -> String {
        let time = view.createdAt.formatted(Date.ISO8601FormatStyle(timeZoneSeparator: .colon, timeZone: timeZone))
        let cells: [String?] = [
            "\(view.id)", time, view.type, view.kind, view.plate, view.identity, view.watchlist, view.reason,
            view.severity.rawValue, view.status, view.cameraId, view.cameraName, view.grid, view.latitude.map { "\($0)" },
            view.longitude.map { "\($0)" }, "\(view.sightings)", view.snapshotUrl,
        ]
        return cells.map { Self.cell($0 ?? "") }.joined(separator: ",") + "\r\n"
    }

    static func cell(_ text: String) -> String {
        var value = text
        if let first = value.first, "=+-@\t\r".contains(first), Double(value) == nil { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
