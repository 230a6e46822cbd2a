import Foundation
import GRDB
import TestSupport
import Testing

/// `sharpeyes community import`: the register files of a folder, faces enrolled with the real face model; each bad
/// line is refused by file and line with its reason, the good ones are imported, and the import is audited.
@Suite(.childProcesses)
struct CommunityImportTests {
    private static func place() throws -> (config: String, db: String, folder: URL) {
        let directory = try temporaryDirectory("community-import")
        let db = directory.appendingPathComponent("sharpeyes.sqlite").path
        let config = directory.appendingPathComponent("sharpeyes.yaml").path
        try """
            storage: {database: \(db)}
            cameras:
              - {id: north, kind: file, url: \(Fixtures.hamilton), stages: [faces], mode: access}
            communities:
              - {id: yuyuan, name: 裕园小区, gates: [north]}
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let folder = directory.appendingPathComponent("register")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return (config, db, folder)
    }

    private static func write(_ text: String, _ name: String, in folder: URL) throws {
        try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    @Test func goodLinesAreImportedAndEachBadOneIsNamed() async throws {
        let (config, db, folder) = try Self.place()
        try FileManager.default.copyItem(atPath: Fixtures.path("faces/probes/obama.jpg"), toPath: folder.appendingPathComponent("obama.jpg").path)
        try Self.write("""
            name,unit,photo
            Barack Obama,1-1-101,obama.jpg
            "Biden, Joe",1-1-102,\(Fixtures.path("faces/probes/biden.jpg"))
            No Face,1-1-103,\(Fixtures.path("plates/2d2723313e.jpg"))
            Missing Photo,1-1-104,gone.jpg
            No Unit,,obama.jpg
            """, "residents.csv", in: folder)
        try Self.write("plate,unit\n京A12345,1-1-101\n,1-1-102\n", "vehicles.csv", in: folder)
        try Self.write("""
            name,host_unit,plate,photo,valid_from,valid_until
            Guest,1-1-101,京B54321,,2026-12-01,2026-12-31T18:00:00+08:00
            Nobody,1-1-101,,,2026-12-01,2026-12-31
            Late,1-1-101,京C11111,,tomorrow,2026-12-31
            Backwards,1-1-101,京D22222,,2026-12-31,2026-12-01
            """, "visitors.csv", in: folder)
        try Self.write("resident,until\nBarack Obama,2027-01-31\nNot Registered,2027-01-31\n", "watch.csv", in: folder)
        let run = try await SharpEyesBinary.run(["community", "import", "--storage", config, "yuyuan", folder.path, "--actor", "office"])
        #expect(run.status == 1, "a refused line is a failure to report: \(run.stderr)")
        #expect(run.stdout.contains("imported into yuyuan: 2 resident(s), 1 vehicle(s), 1 visitor pass(es), 1 watch(es); 8 line(s) refused"),
                "\(run.stdout)")
        for refusal in ["residents.csv:4: ", "no face found", "residents.csv:5: ", "residents.csv:6: unit is empty", "vehicles.csv:3: plate is empty",
                        "visitors.csv:3: a visitor needs a plate or a photo", "visitors.csv:4: valid_from 'tomorrow' is not a time",
                        "visitors.csv:5: valid_from is not before valid_until", "watch.csv:3: no resident named 'Not Registered'"] {
            #expect(run.stderr.contains(refusal), "\(refusal): \(run.stderr)")
        }
        let queue = try DatabaseQueue(path: db)
        let names = try await queue.read { try String.fetchAll($0, sql: "SELECT name FROM communityResident ORDER BY id") }
        let faces = try await queue.read { try Int.fetchAll($0, sql: "SELECT length(embedding) FROM communityResidentFace") }
        let audited = try queue.read {
            try Row.fetchOne($0, sql: "SELECT actor, rows, status FROM auditEntry WHERE route = 'sharpeyes community import'")
        }
        let audit = try #require(audited)
        #expect(names == ["Barack Obama", "Biden, Joe"] && faces == [512, 512], "\(names) \(faces)")
        #expect(audit["actor"] as String == "office" && audit["rows"] as Int == 5 && audit["status"] as Int == 207)
    }

    @Test func anUnknownCommunityOrAWrongHeaderImportsNothing() async throws {
        let (config, db, folder) = try Self.place()
        let unknown = try await SharpEyesBinary.run(["community", "import", "--storage", config, "elsewhere", folder.path])
        #expect(unknown.status != 0 && unknown.stderr.contains("no community 'elsewhere' in communities: (yuyuan)"), "\(unknown.stderr)")
        try Self.write("plate;unit\n京A12345;1-1-101\n", "vehicles.csv", in: folder)
        let header = try await SharpEyesBinary.run(["community", "import", "--storage", config, "yuyuan", folder.path])
        #expect(header.status != 0 && header.stderr.contains("vehicles.csv:1: the header must name the columns plate,unit"), "\(header.stderr)")
        #expect(!FileManager.default.fileExists(atPath: db), "the files are read whole before the store is opened")
    }
}
