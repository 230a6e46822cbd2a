import ArgumentParser
import Foundation
import Incidents
import InputSafety
import Server
import Service

extension SharpEyes {
    /// `sharpeyes export`: the investigator's file for a case, the same join as `GET /api/cameras/{id}/recording.mp4`.
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a camera's continuous recording over a time range as one MP4 (stream copy, from the keyframe "
                + "at or before --from); audited as the API's export is.")

        @Option(help: "The camera's id.") var camera: String
        @Option(help: "Start of the range, ISO 8601 (2026-12-07T14:00:00+08:00).") var from: String
        @Option(help: "End of the range, ISO 8601; at most 2 hours after --from.") var to: String
        @Option(name: [.short, .long], help: "The MP4 file to write (replaced when complete).") var out: String
        @Option(help: "Who asks, for the audit log (default: the login name).") var actor: String?
        @OptionGroup var store: StoreOptions

        func validate() throws {
            for (option, value) in [("camera", camera), ("actor", actor ?? "-")] {
                guard !value.isEmpty, value.count <= 128 else { throw ValidationError("--\(option): give 1 to 128 characters") }
                if let problem = TextChecks.controlCharacter(in: value) { throw ValidationError("--\(option): \(problem)") }
            }
            let (start, end) = try range()
            guard end > start else { throw ValidationError("--to must be after --from") }
            guard end.timeIntervalSince(start) <= RecordingExportLimit.seconds else {
                throw ValidationError("a range of at most \(Int(RecordingExportLimit.seconds / 60)) minutes")
            }
        }

        func run() async throws {
            let (start, end) = try range()
            let store = try IncidentStore(path: self.store.db)
            let path = URL(fileURLWithPath: out).standardizedFileURL.path
            let wrote = try SegmentExports.join(camera: camera, from: start, to: end, into: path, store: store)
            try audit(store, status: wrote ? 200 : 404)
            guard wrote else {
                throw CommandFailure("no recording of camera \(camera) between \(from) and \(to)")
            }
            let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            print("wrote \(path) (\(bytes) bytes): camera \(camera) from \(from) to \(to)")
        }

        private func range() throws -> (Date, Date) {
            guard let start = Self.date(from) else { throw ValidationError("--from: an ISO 8601 time, e.g. 2026-12-07T14:00:00Z") }
            guard let end = Self.date(to) else { throw ValidationError("--to: an ISO 8601 time, e.g. 2026-12-07T14:20:00Z") }
            return (start, end)
        }

        /// The same entry an API export leaves, with the command as its route and no token (the database's holder).
        private func audit(_ store: IncidentStore, status: Int) throws {
            let filters = ["camera": camera, "from": from, "to": to, "out": out]
            let text = (try? JSONSerialization.data(withJSONObject: filters, options: [.sortedKeys]))
                .flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
            let who = actor ?? ProcessInfo.processInfo.environment["USER"] ?? "unknown"
            try store.audit(AuditEntry(tokenId: nil, actor: who, role: "cli", method: "CLI", route: "sharpeyes export",
                                             filters: text, rows: status == 200 ? 1 : 0, status: status))
        }

        private static func date(_ text: String) -> Date? {
            let formatter = ISO8601DateFormatter()
            if let date = formatter.date(from: text) { return date }
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            return formatter.date(from: text)
        }
    }
}
