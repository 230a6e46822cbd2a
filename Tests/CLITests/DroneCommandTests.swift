import Foundation
import GRDB
import Incidents
import Recognition
import TestSupport
import Testing

/// `analyze --kind drone` over the generated drone footage (Fixtures/eagle/make-eagle-fixtures.sh): a nadir view
/// flown at 60 m over three plates lying at known places, its KLV telemetry written by `dev mux-telemetry`.
@Suite(.serialized, .childProcesses)
struct DroneCommandTests {
    struct Plate: Decodable { var label: String; var latitude: Double; var longitude: Double }
    struct Flight: Decodable { var plates: [Plate] }

    private static func plates() async throws -> [Plate] {
        try JSONDecoder().decode(Flight.self, from: Data(contentsOf: URL(fileURLWithPath: try await GeneratedFixtures.droneFlight))).plates
    }

    private func analyse(_ file: String, db: String, options: [String] = []) async throws -> [String: Any] {
        let run = try await SharpEyesBinary.run(["analyze", file, "--db", db, "--json", "--kind", "drone", "--plates",
                                           "--camera", "drone-1"] + options, timeout: 300)
        try #require(run.status == 0, "\(run.stderr)")
        return try SharpEyesBinary.lastJSON(run.stdout)
    }

    private func sightings(_ db: String) throws -> [Row] {
        try DatabaseQueue(path: db).read { try Row.fetchAll($0, sql: "SELECT * FROM sighting WHERE kind = 'plate'") }
    }

    @Test func everySightingLiesWithinFiveMetresOfTheTruthAndDispatchGoesToTheNearestPatrol() async throws {
        let truth = try await Self.plates()
        let listed = try #require(truth.first { $0.label == "粤B2757B" })
        let receiver = try WebhookReceiver()
        let directory = try temporaryDirectory("drone")
        let db = directory.appendingPathComponent("sharpeyes.sqlite").path
        // The drone's base (its configured position) is beside patrol-base, 800 m from the plates; patrol-scene is
        // 60 m from the listed plate. Routing by the camera would send patrol-base.
        let config = directory.appendingPathComponent("dispatch.yaml").path
        try """
        forces:
          - {id: patrol-scene, name: Scene, type: patrol, position: [\(listed.latitude + 0.00054), \(listed.longitude)],
             webhook: {url: "http://127.0.0.1:\(receiver.port)/scene", secret: "0123456789abcdef0123"}}
          - {id: patrol-base, name: Base, type: patrol, position: [45.7572, 126.6300],
             webhook: {url: "http://127.0.0.1:\(receiver.port)/base", secret: "0123456789abcdef0123"}}
        rules:
          - {name: all, send: [{type: patrol, units: 1}], acknowledge_within: 600}
        """.write(toFile: config, atomically: true, encoding: .utf8)
        let added = try await SharpEyesBinary.run(["watchlist", "add-plate", listed.label, "--reason", "stolen", "--db", db])
        try #require(added.status == 0, "\(added.stderr)")
        let summary = try await analyse(try await GeneratedFixtures.drone, db: db,
                                  options: ["--location", "45.7571,126.6301", "--dispatch", config])
        #expect(summary["telemetry_packets"] as? Int == 40)
        #expect(summary["telemetry_errors"] as? Int == 0)
        let rows = try sightings(db)
        #expect(rows.count == 3, "\(rows.map { $0["label"] as String? })")
        for row in rows {
            let label: String = row["label"]
            let plate = try #require(truth.first { PlateText.distance($0.label, label) <= 1 }, "\(label) is a plate on the ground")
            let latitude: Double = try #require(row["latitude"]), longitude: Double = try #require(row["longitude"])
            let error = Coordinate(latitude: latitude, longitude: longitude)
                .distance(to: Coordinate(latitude: plate.latitude, longitude: plate.longitude))
            print("drone: \(label) placed \(String(format: "%.2f", error)) m from the truth")
            #expect(error < 5, "\(label) is \(error) m from where it lies")
        }
        let orders = try DatabaseQueue(path: db).read { try Row.fetchAll($0, sql: "SELECT forceId FROM dispatchOrder") }
        #expect(orders.map { $0["forceId"] as String } == ["patrol-scene"])
        let incident = try DatabaseQueue(path: db).read { try Row.fetchOne($0, sql: "SELECT latitude, longitude FROM incident") }
        let place = try #require(incident)
        #expect(Coordinate(latitude: place["latitude"], longitude: place["longitude"])
            .distance(to: Coordinate(latitude: listed.latitude, longitude: listed.longitude)) < 5)
    }

    @Test func aCorruptedPacketIsCountedAndTheRestStillPlaceTheSightings() async throws {
        let path = try temporaryDirectory("drone-corrupt").appendingPathComponent("drone.ts").path
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: try await GeneratedFixtures.drone)))
        let key = Array(bytes.indices.dropLast(16).lazy.filter { bytes[$0] == 0x06 && bytes[$0..<$0 + 16].elementsEqual(UASKey.bytes) }.prefix(13))
        bytes[key[12] + 25] ^= 0x20
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let db = try temporaryDirectory("drone-corrupt").appendingPathComponent("sharpeyes.sqlite").path
        let summary = try await analyse(path, db: db)
        #expect(summary["telemetry_errors"] as? Int == 1)
        #expect(summary["telemetry_packets"] as? Int == 40)
        let rows = try sightings(db)
        #expect(!rows.isEmpty && rows.allSatisfy { ($0["latitude"] as Double?) != nil })
    }

    @Test func aLiveUDPStreamCarriesItsTelemetryToo() async throws {
        let port = freePort()
        let sender = try await ChildProcess.start("/usr/bin/ffmpeg", ["-hide_banner", "-loglevel", "error", "-re", "-stream_loop", "-1",
                                                          "-i", try await GeneratedFixtures.drone, "-map", "0", "-c", "copy",
                                                          "-f", "mpegts", "udp://127.0.0.1:\(port)"])
        defer { sender.signal(SIGKILL) }
        let db = try temporaryDirectory("drone-udp").appendingPathComponent("sharpeyes.sqlite").path
        let summary = try await analyse("udp://127.0.0.1:\(port)", db: db, options: ["--duration", "6"])
        #expect((summary["telemetry_packets"] as? Int ?? 0) >= 30)
        #expect(summary["telemetry_errors"] as? Int == 0)
        let truth = try await Self.plates()
        let rows = try sightings(db)
        #expect(rows.count >= 2)
        for row in rows {
            let label: String = row["label"]
            let plate = try #require(truth.first { PlateText.distance($0.label, label) <= 1 })
            let latitude: Double = try #require(row["latitude"]), longitude: Double = try #require(row["longitude"])
            #expect(Coordinate(latitude: latitude, longitude: longitude)
                .distance(to: Coordinate(latitude: plate.latitude, longitude: plate.longitude)) < 5, "\(label)")
        }
    }

    @Test func theWriterRefusesBadInputWithOneClearLine() async throws {
        let flight = try await GeneratedFixtures.droneFlight, video = try await GeneratedFixtures.droneVideo
        let directory = try temporaryDirectory("mux")
        let badLog = directory.appendingPathComponent("bad.json").path
        try #"{"samples": 3}"#.write(toFile: badLog, atomically: true, encoding: .utf8)
        let cases: [([String], String)] = [
            (["--video", Fixtures.path("not-a-video.mp4"), "--flight", flight], "error: cannot open"),
            (["--video", video, "--flight", badLog], "error: cannot read the flight log"),
            (["--video", video, "--flight", flight, "--output", "/nonexistent/dir/out.ts"], "error: cannot write /nonexistent/dir/out.ts"),
        ]
        for (arguments, message) in cases {
            let output = arguments.contains("--output") ? [] : ["--output", directory.appendingPathComponent("out.ts").path]
            let run = try await SharpEyesBinary.run(["dev", "mux-telemetry"] + arguments + output)
            #expect(run.status == 1, "\(arguments): \(run.stderr)")
            #expect(run.stderr.hasPrefix(message), "\(run.stderr)")
        }
    }

    @Test func footageWithoutTelemetryIsAnalysedWithPositionsUnknown() async throws {
        let db = try temporaryDirectory("drone-bare").appendingPathComponent("sharpeyes.sqlite").path
        let summary = try await analyse(try await GeneratedFixtures.droneVideo, db: db)
        let rows = try sightings(db)
        #expect(rows.count == 3)
        #expect(rows.allSatisfy { ($0["latitude"] as Double?) == nil })
        #expect(summary["telemetry_packets"] == nil)
    }
}

/// The UAS Datalink Local Set key (SMPTE ST 336 universal key of MISB ST 0601).
enum UASKey {
    static let bytes: [UInt8] = [0x06, 0x0E, 0x2B, 0x34, 0x02, 0x0B, 0x01, 0x01, 0x0E, 0x01, 0x03, 0x01, 0x01, 0x00, 0x00, 0x00]
}
