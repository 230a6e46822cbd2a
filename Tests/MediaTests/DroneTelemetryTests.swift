import Foundation
import Media
import TestSupport
import Testing

/// Drone footage: an MPEG-TS file whose KLV stream our writer encodes, read back frame by frame.
struct DroneTelemetryTests {
    /// A made-up straight flight: latitude grows 1e-5° (1.1 m) and heading 1° per second of media.
    private static func flight(_ time: Double) -> Telemetry {
        var telemetry = Telemetry()
        telemetry.timestamp = Date(timeIntervalSince1970: 1_796_000_000 + time)
        telemetry.platformHeading = 10 + time
        telemetry.sensorLatitude = 45.75 + time * 1e-5
        telemetry.sensorLongitude = 126.63
        telemetry.sensorAltitude = 210
        telemetry.horizontalFieldOfView = 56
        telemetry.verticalFieldOfView = 33
        telemetry.frameCenterLatitude = 45.75 + time * 1e-5
        telemetry.frameCenterLongitude = 126.63
        telemetry.frameCenterElevation = 150
        return telemetry
    }

    private func writeDroneFile() async throws -> String {
        let output = try temporaryDirectory("drone").appendingPathComponent("drone.ts").path
        try TelemetryMuxer.write(video: try await GeneratedFixtures.droneVideo, to: output) { Self.flight($0) }
        return output
    }

    @Test func everyFrameIsPairedWithTheTelemetryOfItsTime() async throws {
        let reader = try MediaReader(url: try await writeDroneFile())
        #expect(reader.source.hasTelemetry)
        var frames = 0
        while let info = try reader.decodeNext() {
            let frame = try reader.retainCurrent()
            let telemetry = try #require(frame.telemetry, "frame \(info.index) has telemetry")
            let truth = Self.flight(info.time)
            #expect(abs(telemetry.frameCenterLatitude! - truth.frameCenterLatitude!) < 1e-7, "frame \(info.index)")
            #expect(abs(telemetry.platformHeading! - truth.platformHeading!) < 0.01, "frame \(info.index)")
            frames += 1
        }
        #expect(frames == 40)
        #expect(reader.telemetryPackets == 40)
        #expect(reader.telemetryErrors == 0)
    }

    @Test func framesBetweenSparsePacketsGetInterpolatedTelemetry() async throws {
        // Telemetry twice a second (every 5th frame at 10 fps): the frames between get their own time's values.
        let output = try temporaryDirectory("drone-sparse").appendingPathComponent("drone.ts").path
        try TelemetryMuxer.write(video: try await GeneratedFixtures.droneVideo, to: output) { time in
            Int((time * 10).rounded()) % 5 == 0 ? Self.flight(time) : nil
        }
        let reader = try MediaReader(url: output)
        var checked = 0
        while let info = try reader.decodeNext(), info.time <= 3.5 {
            let telemetry = try #require(try reader.retainCurrent().telemetry)
            let truth = Self.flight(info.time)
            // Frame 1 leaves the decoder before the second packet is read: with one packet there is nothing to carry
            // on from, so it gets the nearest (0.1 s off).
            if info.index == 1 { continue }
            // Nearest-packet pairing would be up to 0.2 s (2e-6°, 0.2°) off; interpolation is exact on this straight line.
            #expect(abs(telemetry.frameCenterLatitude! - truth.frameCenterLatitude!) < 2e-7, "frame \(info.index)")
            #expect(abs(telemetry.platformHeading! - truth.platformHeading!) < 0.02, "frame \(info.index)")
            checked += 1
        }
        #expect(checked == 35)
        #expect(reader.telemetryPackets <= 9)
    }

    @Test func aCorruptedKLVPacketIsCountedAndSkipped() async throws {
        let path = try await writeDroneFile()
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        // The 10th packet's sensor latitude gets a flipped bit, as a radio link would deliver it (TS has no CRC here).
        let starts = (0..<(bytes.count - 16)).filter { bytes[$0..<$0 + 16].elementsEqual(UASDatalink.key) }
        #expect(starts.count == 40)
        bytes[starts[9] + 30] ^= 0x04
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let reader = try MediaReader(url: path)
        var frames = 0, paired = 0
        while try reader.decodeNext() != nil {
            frames += 1
            if try reader.retainCurrent().telemetry != nil { paired += 1 }
        }
        #expect(frames == 40, "video is unaffected")
        #expect(reader.telemetryPackets == 40)
        #expect(reader.telemetryErrors == 1)
        #expect(reader.lastTelemetryError?.kind == .badChecksum)
        #expect(paired == 40, "the damaged packet's frame takes its neighbour's telemetry (0.1 s away)")
    }

    @Test func footageWithoutTelemetryStillDecodes() async throws {
        let reader = try MediaReader(url: try await GeneratedFixtures.droneVideo)
        #expect(!reader.source.hasTelemetry)
        while try reader.decodeNext() != nil { #expect(try reader.retainCurrent().telemetry == nil) }
        #expect(reader.framesDecoded == 40)
    }
}
