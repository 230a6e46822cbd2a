import Foundation
import GRDB
import TestSupport
import Testing

/// `dev seed` through the binary: the summary line, the refusal of a database with sightings, `--end` determinism.
@Suite(.childProcesses)
struct DevSeedCommandTests {
    private let options = ["--cameras", "12", "--sightings", "2000", "--incidents", "30", "--end", "2026-11-30T12:00:00Z"]

    private func seed(_ db: String, _ extra: [String] = []) async throws -> (status: Int32, stdout: String, stderr: String) {
        let run = try await SharpEyesBinary.run(["dev", "seed", "--db", db] + options + extra)
        return (run.status, run.stdout, run.stderr)
    }

    @Test func seedsRefusesToSeedTwiceAndRepeatsItself() async throws {
        let folder = try temporaryDirectory("dev-seed")
        let a = folder.appendingPathComponent("a.sqlite").path, b = folder.appendingPathComponent("b.sqlite").path
        let first = try await seed(a)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("seeded 12 cameras, 2000 sightings (1600 plates, 200 faces, 200 motion), 30 incidents"))
        let again = try await seed(a)
        #expect(again.status == 1)
        #expect(again.stderr.contains("already holds sightings: give --append"))
        #expect(try await seed(b).status == 0)
        let dump = "SELECT group_concat(cameraId || firstSeen || ifnull(details, ''), '|') FROM (SELECT * FROM sighting ORDER BY id)"
        let rows = try [a, b].map { path in try DatabaseQueue(path: path).read { try String.fetchOne($0, sql: dump) } }
        #expect(rows[0] != nil && rows[0] == rows[1])
        let appended = try await seed(a, ["--append", "--seed", "7"])
        #expect(appended.status == 0, "\(appended.stderr)")
        #expect(try await DatabaseQueue(path: a).read { try Int.fetchOne($0, sql: "SELECT count(*) FROM sighting") } == 4000)
    }

    @Test(arguments: [
        (["--cameras=-1"], "--cameras must be 0 to"), (["--incidents", "1500"], "--incidents must be 0 to half"),
        (["--days", "0"], "--days must be 1 to"), (["--end", "yesterday"], "--end must be an ISO 8601 time"),
    ])
    func refusesBadOptionsSayingWhy(_ bad: [String], _ message: String) async throws {
        let db = try temporaryDirectory("dev-seed").appendingPathComponent("x.sqlite").path
        let run = try await SharpEyesBinary.run(["dev", "seed", "--db", db] + options + bad)
        #expect(run.status != 0)
        #expect(run.stderr.contains(message), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: db))
    }
}
