import Foundation
import Pipeline

/// The human summary printed at the end of `analyze`.
struct SummaryText {
    let lines: [String]

    init(_ s: Summary) {
        var lines = [
            "\(s.source) → camera \(s.camera) (\(s.stopReason))",
            String(format: "  %.1f s of media in %.1f s wall (%.1f× realtime), sampling %@, %@ decode",
                   s.mediaSeconds, s.wallSeconds, s.speed, s.sampling, s.decodeMode.rawValue),
            "  frames: \(s.framesDecoded) decoded, \(s.framesSampled) sampled, \(s.framesAnalyzed) analysed, " +
                "\(s.framesDropped) dropped; \(s.decodeErrors) decode errors",
            "  sightings: \(s.sightings)" + Self.byKind(s.sightingsByKind) + "; incidents: \(s.incidents)",
        ]
        for (subject, hits) in s.hits.sorted(by: { $0.key < $1.key }) {
            for hit in hits {
                let read = hit.label.map { $0 == subject ? "" : " (read \($0))" } ?? ""
                lines.append(String(format: "  hit: %@%@ at %.1f–%.1f s, incident #%lld%@", subject, read, hit.firstSeen,
                                    hit.lastSeen, hit.incidentId, hit.newIncident ? "" : " (repeat)"))
            }
        }
        if let tiling = s.tiling { lines.append("  faces and plates on \(tiling)") }
        if let packets = s.telemetryPackets {
            lines.append("  telemetry: \(packets) KLV packets, \(s.telemetryErrors ?? 0) refused; " +
                         "\(s.sightingsPositioned ?? 0) sightings placed on the ground")
        }
        if s.reconnects > 0 || !s.gaps.isEmpty {
            let gaps = s.gaps.map { gap in
                gap.seconds.map { String(format: "%.1f s at %.1f s", $0, gap.lostAt) } ?? String(format: "open since %.1f s", gap.lostAt)
            }
            lines.append("  reconnects: \(s.reconnects); gaps: " + gaps.joined(separator: ", "))
        }
        if s.stageErrors > 0 { lines.append("  stage errors: \(s.stageErrors)") }
        if s.snapshotErrors > 0 { lines.append("  snapshot errors: \(s.snapshotErrors) (sightings stored without their pictures)") }
        if s.sightingsLost > 0 { lines.append("  sightings lost: \(s.sightingsLost) (could not be stored)") }
        if let error = s.error { lines.append("  error: \(error)") }
        self.lines = lines
    }

    private static func byKind(_ counts: [String: Int]) -> String {
        counts.isEmpty ? "" : " (" + counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ") + ")"
    }
}
