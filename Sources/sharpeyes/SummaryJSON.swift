import AnalysisKit
import Pipeline

/// The summary as `analyze --json` prints it: the runtime counts detections and incidents by kind; the JSON keeps
/// the face and plate counts under the names it has always had.
struct SummaryJSON: Encodable {
    let summary: Summary

    init(_ summary: Summary) { self.summary = summary }

    private enum CodingKeys: String, CodingKey {
        case facesDetected, faceIncidents, platesDetected, plateIncidents
    }

    func encode(to encoder: any Encoder) throws {
        try summary.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(summary.detectionsByKind[DetectionKind.face.rawValue] ?? 0, forKey: .facesDetected)
        try container.encode(summary.incidentsByKind[DetectionKind.face.rawValue] ?? 0, forKey: .faceIncidents)
        try container.encode(summary.detectionsByKind[DetectionKind.plate.rawValue] ?? 0, forKey: .platesDetected)
        try container.encode(summary.incidentsByKind[DetectionKind.plate.rawValue] ?? 0, forKey: .plateIncidents)
    }
}
