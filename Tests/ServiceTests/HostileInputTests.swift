import Foundation
import InputSafety
import Service
import Testing

/// Input meant to crash or stall the loader is refused quickly, with a message.
struct HostileInputTests {
    /// Refused "quickly": the bombs cost minutes of CPU before the pre-scan refused them, milliseconds now; the bound
    /// is generous so a loaded 2-core machine does not fail it.
    static let quickly = Duration.seconds(10)

    /// Nine levels of nine aliases: 9^9 (387 million) strings when expanded.
    static let billionLaughs = (["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"] + zip("bcdefghi", "abcdefgh").map {
        "\($0): &\($0) [" + Array(repeating: "*\($1)", count: 9).joined(separator: ", ") + "]"
    }).joined(separator: "\n")

    /// The same, in block style, with the last level used as a mapping key (Yams hashes keys while composing).
    static let aliasKeyBomb = (["a: &a\n" + String(repeating: "  - lol\n", count: 9)] + zip("bcdefghi", "abcdefgh").map {
        "\($0): &\($0)\n" + String(repeating: "  - *\($1)\n", count: 9)
    }).joined() + "? *i\n: boom\n"

    @Test(arguments: [billionLaughs, aliasKeyBomb])
    func aliasBombsAreRefusedQuickly(yaml: String) throws {
        var error: ConfigError?
        let elapsed = ContinuousClock().measure { error = loadError(yaml) }
        #expect(elapsed < Self.quickly)
        let refused = try #require(error)
        #expect(refused.kind == .syntax)
        #expect(refused.errors.first?.line == 1)
        #expect(refused.errors.first?.message.contains("anchors (&name) are not supported") == true)
        #expect(refused.description.contains("aliases (*name) are not supported in this file: write the value out, or put settings that cameras share under defaults:"))
    }

    @Test func mergeKeysAreRefusedWithAHint() throws {
        let yaml = minimalConfig + """
        base: &base {kind: fixed, sampling: {fps: 2}}
        cameras:
          - {<<: *base, id: a, url: 'rtsp://h/s'}
        """
        let error = try #require(loadError(yaml))
        #expect(error.errors.map(\.line) == [2, 4])
        #expect(error.description.contains("config:4: aliases (*name) are not supported"))
    }

    @Test(arguments: [
        "workers: " + String(repeating: "[", count: 100_000),
        "workers: " + String(repeating: "{a: ", count: 100_000),
        "cameras:\n" + String(repeating: "- ", count: 100_000) + "x",
        (0..<1000).map { String(repeating: " ", count: $0) + "k\($0):" }.joined(separator: "\n"),
    ])
    func deepNestingIsRefusedBeforeYamsRecurses(yaml: String) throws {
        var error: ConfigError?
        let elapsed = ContinuousClock().measure { error = loadError(yaml) }
        #expect(elapsed < Self.quickly)
        #expect(error?.kind == .syntax)
        #expect(error?.description.contains("collections are nested more than 64 levels deep") == true)
    }

    @Test func tenMegabyteFileIsRefusedBeforeReading() throws {
        let path = try temporaryFolder() + "/big.yaml"
        _ = FileManager.default.createFile(atPath: path, contents: Data(repeating: UInt8(ascii: "#"), count: 10_000_000))
        var refused: ConfigError?
        let elapsed = ContinuousClock().measure {
            do throws(ConfigError) { _ = try ServeConfig(path: path, environment: [:]) } catch { refused = error }
        }
        #expect(elapsed < Self.quickly)
        #expect(refused?.kind == .tooLarge)
        #expect(refused?.description == "big.yaml: config is 10.0 MB; the limit is 1 MiB")
    }

    @Test func oversizedTextIsRefused() {
        let yaml = minimalConfig + String(repeating: "# padding\n", count: 110_000)
        #expect(loadError(yaml)?.kind == .tooLarge)
    }

    @Test func nonUTF8FileIsRefusedWithTheLine() throws {
        let path = try temporaryFolder() + "/latin1.yaml"
        _ = FileManager.default.createFile(atPath: path, contents: Data(minimalConfig.utf8) + Data([0x23, 0x20, 0xE9, 0x0A]))
        #expect(throws: ConfigError.self) { try ServeConfig(path: path, environment: [:]) }
        do { _ = try ServeConfig(path: path, environment: [:]) } catch {
            #expect(error.kind == .notText)
            #expect(error.description == "latin1.yaml:2: config is not UTF-8 text")
        }
    }

    @Test(arguments: [
        ("", "config: config is empty"),
        ("  \n\n", "config: config is empty"),
        ("# nothing but a comment\n", "config: config has no settings"),
        ("- storage\n- cameras\n", "config:1: the top level must be a mapping of settings (storage:, cameras:, …), got a list"),
        ("just words", "config:1: the top level must be a mapping of settings (storage:, cameras:, …), got 'just words'"),
        ("workers: 2\u{7}\n", "config:1: control character U+0007 is not allowed"),
    ])
    func emptyOrShapelessInputIsRefused(yaml: String, expected: String) {
        #expect(loadError(yaml)?.description == expected)
    }

    @Test(arguments: [
        (minimalConfig + "workers: [1, 2\ncameras: []\n", "config:3: did not find expected ',' or ']' (while parsing a flow sequence on line 2)"),
        (minimalConfig + "workers: 1\nworkers: 2\n", "config:2: a mapping has the key 'workers' more than once"),
        ("storage:\n\tdatabase: x\n", "config:2: found a character that cannot start any token"),
        (minimalConfig + "name: 'unclosed\n", "config:2: a quoted scalar is not closed"),
        (minimalConfig + "workers: !!int 2\n", "config:2: YAML tags (!) are not supported in this file"),
        ("%YAML 1.1\n---\n" + minimalConfig, "config:1: YAML directives (%) are not supported in this file"),
        (minimalConfig + "---\nworkers: 2\n", "config:2: but found another document"),
        ("storage: {database: x}\n  workers: 2\n", "config:2: did not find expected key (while parsing a block mapping on line 1)"),
        ("a: b: c\n", "config:1: mapping values are not allowed in this context"),
    ])
    func syntaxErrorsCarryTheLine(yaml: String, expected: String) {
        let error = loadError(yaml)
        #expect(error?.kind == .syntax)
        #expect(error?.description.hasPrefix(expected) == true, "\(error?.description ?? "")")
    }

    @Test(arguments: ["/nonexistent/sharpeyes.yaml", "/dev/zero", "/tmp"])
    func unreadablePathsAreRefused(path: String) {
        do {
            _ = try ServeConfig(path: path, environment: [:])
            Issue.record("loaded \(path)")
        } catch {
            #expect(error.kind == .unreadable)
            #expect(error.description.contains(path.hasPrefix("/nonexistent") ? "No such file or directory" : "not a regular file"))
        }
    }

    /// A megabyte of ordinary config (about 9,000 cameras) loads in reasonable time even in a debug build.
    @Test func largeValidConfigLoads() throws {
        let cameras = (0..<9_000).map { "  - {id: cam-\($0), kind: fixed, url: 'rtsp://10.0.\($0 / 250).\($0 % 250)/s'}" }
        let yaml = minimalConfig + "cameras:\n" + cameras.joined(separator: "\n")
        #expect(yaml.utf8.count > 500_000 && yaml.utf8.count < ServeConfig.sizeLimit)
        var loaded: ServeConfig?
        let elapsed = try ContinuousClock().measure { loaded = try load(yaml) }
        #expect(elapsed < .seconds(60))
        #expect(loaded?.cameras.count == 9_000)
    }
}
