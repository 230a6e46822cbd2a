import Dispatching
import Foundation
import InputSafety
import Testing

/// A dispatch configuration gets the serve config's pre-scan: what would make Yams slow or deep is refused first.
struct ScreeningTests {
    static let aliasKeyBomb = (["a: &a\n" + String(repeating: "  - lol\n", count: 9)] + zip("bcdefghi", "abcdefgh").map {
        "\($0): &\($0)\n" + String(repeating: "  - *\($1)\n", count: 9)
    }).joined() + "? *i\n: boom\n"

    private func refusal(_ yaml: String) -> ConfigError? {
        do {
            _ = try DispatchConfig(yaml: yaml)
            return nil
        } catch {
            return error as? ConfigError
        }
    }

    @Test func anAliasBombIsRefusedQuickly() throws {
        var error: ConfigError?
        let elapsed = ContinuousClock().measure { error = refusal(Self.aliasKeyBomb) }
        #expect(elapsed < .seconds(10), "minutes before the pre-scan; a generous bound for a loaded machine")
        #expect(error?.kind == .syntax)
        #expect(error?.message == "line 1: anchors (&name) are not supported in this file")
    }

    @Test(arguments: [
        ("forces: " + String(repeating: "[", count: 100_000), "line 1: collections are nested more than 64 levels deep"),
        ("grids: []\nforces: [{id: a\u{0}b}]\n", "line 2: control character U+0000 is not allowed"),
        ("rules: !!binary abc\n", "line 1: YAML tags (!) are not supported in this file"),
        ("forces: [*x]\n", "line 1: aliases (*name) are not supported in this file: write the value out"),
    ])
    func hostileTextIsRefusedWithItsLine(yaml: String, message: String) {
        #expect(refusal(yaml)?.message == message)
    }

    @Test func starsInValuesAreNotAliases() throws {
        let config = try DispatchConfig(yaml: "forces: [{id: '*', name: 黑A*23* watchers, type: command_centre}]\n")
        #expect(config.forces.first?.name == "黑A*23* watchers")
    }

    @Test func largeFilesAreRefusedUnreadAndOtherBytesWithTheirLine() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("screening-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let big = folder.appendingPathComponent("big.yaml").path
        _ = FileManager.default.createFile(atPath: big, contents: Data(repeating: UInt8(ascii: "#"), count: 10_000_000))
        #expect(throws: ConfigError.self) { try DispatchConfig(path: big) }
        do { _ = try DispatchConfig(path: big) } catch let error as ConfigError {
            #expect(error.kind == .tooLarge)
            #expect(error.message == "\(big): the file is 10.0 MB; the limit is 1 MiB")
        }
        let latin1 = folder.appendingPathComponent("latin1.yaml").path
        _ = FileManager.default.createFile(atPath: latin1, contents: Data("forces: []\n# caf".utf8) + Data([0xE9, 0x0A]))
        do { _ = try DispatchConfig(path: latin1) } catch let error as ConfigError {
            #expect(error.kind == .notText)
            #expect(error.message == "\(latin1): line 2: not UTF-8 text")
        }
        #expect((try? DispatchConfig(path: "/dev/zero")) == nil, "a device is refused, not read forever")
    }
}
