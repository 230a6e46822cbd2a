import ArgumentParser
import Foundation
import Media

extension SharpEyes.Dev {
    struct MuxTelemetry: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mux-telemetry",
            abstract: "Write drone footage: copy a video into MPEG-TS with a KLV stream (MISB ST 0601) from a flight log.",
            discussion: """
            The flight log is JSON: {"samples": [{"t": seconds from the first frame, "timestamp": Unix seconds, \
            "platform_heading", "sensor_latitude", "sensor_longitude", "sensor_altitude", "horizontal_field_of_view", \
            "vertical_field_of_view", "frame_center_latitude", "frame_center_longitude", "frame_center_elevation"}]} \
            (degrees and metres; any item may be left out). Each video frame gets the sample nearest its time.
            """)

        @Option(help: "The video to copy (any container FFmpeg reads; its H.264/H.265 packets are copied as they are).")
        var video: String

        @Option(help: "The flight log (JSON).")
        var flight: String

        @Option(help: "The MPEG-TS file to write.")
        var output: String

        func run() throws {
            let log: FlightLog
            do {
                let decoder = JSONDecoder()
                decoder.keyDecodingStrategy = .convertFromSnakeCase
                log = try decoder.decode(FlightLog.self, from: Data(contentsOf: URL(fileURLWithPath: flight)))
            } catch {
                throw ValidationError("cannot read the flight log \(flight): \(error)")
            }
            guard !log.samples.isEmpty else { throw ValidationError("the flight log \(flight) has no samples") }
            try TelemetryMuxer.write(video: video, to: output) { log.telemetry(at: $0) }
        }
    }
}

/// A drone's logged flight: where it was and where its camera looked, over time.
struct FlightLog: Decodable {
    struct Sample: Decodable {
        var t: Double
        var timestamp: Double?
        var platformHeading: Double?
        var sensorLatitude: Double?
        var sensorLongitude: Double?
        var sensorAltitude: Double?
        var horizontalFieldOfView: Double?
        var verticalFieldOfView: Double?
        var frameCenterLatitude: Double?
        var frameCenterLongitude: Double?
        var frameCenterElevation: Double?
    }

    var samples: [Sample]

    /// The sample nearest `time`, as telemetry.
    func telemetry(at time: Double) -> Telemetry? {
        guard let sample = samples.min(by: { abs($0.t - time) < abs($1.t - time) }) else { return nil }
        var telemetry = Telemetry()
        telemetry.timestamp = sample.timestamp.map { Date(timeIntervalSince1970: $0) }
        telemetry.platformHeading = sample.platformHeading
        telemetry.sensorLatitude = sample.sensorLatitude
        telemetry.sensorLongitude = sample.sensorLongitude
        telemetry.sensorAltitude = sample.sensorAltitude
        telemetry.horizontalFieldOfView = sample.horizontalFieldOfView
        telemetry.verticalFieldOfView = sample.verticalFieldOfView
        telemetry.frameCenterLatitude = sample.frameCenterLatitude
        telemetry.frameCenterLongitude = sample.frameCenterLongitude
        telemetry.frameCenterElevation = sample.frameCenterElevation
        return telemetry
    }
}
