import Foundation
@testable import Pipeline
import Testing

/// The summary's JSON and words: what `analyze --json`, the logs and the camera service read.
struct SummaryTests {
    private func encoded(_ summary: Summary) throws -> [String: Any] {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return try #require(try JSONSerialization.jsonObject(with: encoder.encode(summary)) as? [String: Any])
    }

    /// A property added to `Summary` but not to its coding keys would silently be missing from the JSON.
    @Test func everyPropertyButTheByKindCountersIsInTheJSON() throws {
        var summary = Summary(source: "clip", camera: "gate", sampling: "fps 5.0")
        summary.tiling = "16 tiles"
        summary.telemetryPackets = 1
        summary.telemetryErrors = 0
        summary.sightingsPositioned = 0
        summary.mediaDuration = 9
        summary.error = "none"
        let properties = Set(Mirror(reflecting: summary).children.compactMap(\.label))
        let keys = try encoded(summary).keys.map { key in
            key.split(separator: "_").enumerated().map { $0 == 0 ? String($1) : $1.capitalized }.joined()
        }
        #expect(properties.subtracting(keys) == ["detectionsByKind", "incidentsByKind"])
    }

    @Test func stopReasonsAndDecodeModesKeepTheirWords() throws {
        var summary = Summary(source: "clip", camera: "gate", sampling: "fps 5.0")
        summary.stopReason = .streamLost
        summary.decodeMode = .keyframes
        let json = try encoded(summary)
        #expect(json["stop_reason"] as? String == "stream_lost" && json["decode_mode"] as? String == "keyframes")
        #expect(summary.failure == "the analysis ended: stream_lost")
        #expect("\(StopReason.streamLost) \(DecodeMode.full)" == "stream_lost full")
    }
}
