import Foundation
import InputSafety
import TestSupport
import Testing

/// What the fuzz corpus found in text inputs: hotlist CSVs, bench labels files and dispatch configurations.
@Suite(.childProcesses)
struct TextInputTests {
    private func file(_ name: String, _ contents: String) throws -> (path: String, db: String) {
        let directory = try temporaryDirectory("text-input")
        let path = directory.appendingPathComponent(name).path
        try contents.write(toFile: path, atomically: true, encoding: .utf8)
        return (path, directory.appendingPathComponent("sharpeyes.sqlite").path)
    }

    @Test func aControlCharacterInTheHotlistIsRefusedNamingItsLine() async throws {
        // A NUL would cut the reason short in SQLite's C strings; line 4, counting the blank line.
        let (csv, db) = try file("hotlist.csv", "plate,reason\n京FK5358,stolen\n\n黑A12345,sto\u{0}len car\n")
        let run = try await SharpEyesBinary.run(["watchlist", "import-plates", csv, "--db", db])
        #expect(run.status == 1)
        #expect(run.stderr.contains("hotlist.csv line 4: control character U+0000 is not allowed"), "\(run.stderr)")
        let added = try await SharpEyesBinary.run(["watchlist", "add-plate", "黑A12345", "--reason", "sto\u{1B}len", "--db", db])
        #expect(added.status == 1 && added.stderr.contains("reason: control character U+001B is not allowed"), "\(added.stderr)")
    }

    @Test func aGBKHotlistIsImported() async throws {
        let (csv, db) = try file("hotlist.csv", "")
        try Data(GB18030.encode("车牌,原因\n京FK5358,被盗车辆\n")).write(to: URL(fileURLWithPath: csv))
        let run = try await SharpEyesBinary.run(["watchlist", "import-plates", csv, "--db", db])
        #expect(run.status == 0 && run.stdout.contains("listed 1 plate(s)"), "\(run.stderr)")
        let list = try await SharpEyesBinary.run(["watchlist", "list", "--db", db]).stdout
        #expect(list.contains("\t被盗车辆\n"), "\(list)")
    }

    @Test func duplicateHotlistRowsAreCountedOnce() async throws {
        let (csv, db) = try file("hotlist.csv", "京FK5358,stolen\n黑A12345,wanted\n京FK5358,stolen again\r\n")
        let run = try await SharpEyesBinary.run(["watchlist", "import-plates", csv, "--db", db])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("listed 2 plate(s) from \(csv) (1 duplicate row ignored)"), "\(run.stdout)")
        let list = try await SharpEyesBinary.run(["watchlist", "list", "--db", db]).stdout
        #expect(list.contains("\tstolen\n") && !list.contains("stolen again"), "the first row stands: \(list)")
    }

    @Test(arguments: ["*", "**", "?*", "*?*", "黑*", "*A1", "???????", "黑A" + String(repeating: "*", count: 40) + "1"])
    func aPatternMatchingAlmostEveryPlateIsRefused(pattern: String) async throws {
        let (csv, db) = try file("hotlist.csv", "plate,reason\n辽B*88,cloned\n\"\(pattern)\",everything\n")
        let imported = try await SharpEyesBinary.run(["watchlist", "import-plates", csv, "--db", db])
        #expect(imported.status == 1)
        #expect(imported.stderr.contains("hotlist.csv line 3: '"), "\(imported.stderr)")
        let added = try await SharpEyesBinary.run(["watchlist", "add-plate", pattern, "--reason", "everything", "--db", db])
        #expect(added.status == 1 && added.stderr.hasPrefix("error: '"), "\(added.stderr)")
        let list = try await SharpEyesBinary.run(["watchlist", "list", "--db", db]).stdout
        #expect(!list.contains("everything"))
    }

    @Test(arguments: ["nan", "inf", "-inf", "1e300", "-5", "1e999"])
    func benchLabelsWithoutAPixelCountAreRefused(number: String) async throws {
        let (labels, _) = try file("labels.tsv", "file\tplate\tcx\tcy\tw\th\n\na.jpg\t京FK5358\t10\t10\t\(number)\t5\n")
        let run = try await SharpEyesBinary.run(["bench", "plates", labels])
        #expect(run.status == 1)
        #expect(run.stderr.contains("labels.tsv:3: 'w' is \(number), not a number of pixels from 0 to 100000"), "\(run.stderr)")
    }

    @Test func aDispatchAliasBombIsRefusedBeforeTheYAMLParser() async throws {
        let bomb = (["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"] + zip("bcdefghi", "abcdefgh").map {
            "\($0): &\($0)\n" + String(repeating: "  - *\($1)\n", count: 9)
        }).joined(separator: "\n") + "? *i\n: boom\n"
        let (config, db) = try file("dispatch.yaml", bomb)
        let started = Date()
        let run = try await SharpEyesBinary.run(["dispatch", "drill", "--config", config, "--db", db, "--camera", "c",
                                           "--subject", "黑A12345"], timeout: 30)
        let generousBound = 10.0  // refused before the parser: well under a second; expanding the bomb takes far longer
        #expect(Date().timeIntervalSince(started) < generousBound)
        #expect(run.status == 1)
        #expect(run.stderr.contains("dispatch.yaml: line 1: anchors (&name) are not supported in this file"), "\(run.stderr)")
    }

    @Test func aTenMegabyteDispatchConfigIsRefusedUnread() async throws {
        let (config, db) = try file("dispatch.yaml", "forces: []\n# " + String(repeating: "x", count: 10_000_000) + "\n")
        let run = try await SharpEyesBinary.run(["analyze", Fixtures.hamilton, "--dispatch", config, "--db", db], timeout: 30)
        #expect(run.status == 1)
        #expect(run.stderr.contains("the file is 10.0 MB; the limit is 1 MiB"), "\(run.stderr)")
    }
}
