import Foundation
import TestSupport
import Testing

/// The README's module listing is the rule, and the sources are held to it: every `import` of a project module in
/// `Sources/M` must be listed on M's line, and every module with sources must have a line.
struct ModuleDependencyTests {
    private static let root = Fixtures.packageRoot

    /// `module → the project modules it may import`, from the README's ```modules block.
    private static func listing() throws -> [String: Set<String>] {
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let block = try #require(readme.components(separatedBy: "```modules\n").dropFirst().first?
            .components(separatedBy: "```").first, "README.md has no ```modules block")
        var rules: [String: Set<String>] = [:]
        for line in block.split(separator: "\n") {
            let words = line.split(separator: " ").map(String.init)
            guard let module = words.first else { continue }
            rules[module] = Set(words.dropFirst().filter { $0 != "-" })
        }
        return rules
    }

    /// The modules under Sources that are Swift (C targets have no imports to check).
    private static func swiftModules() throws -> [String] {
        let sources = root.appendingPathComponent("Sources")
        return try FileManager.default.contentsOfDirectory(atPath: sources.path).sorted().filter { name in
            swiftFiles(in: sources.appendingPathComponent(name)).isEmpty == false
        }
    }

    private static func swiftFiles(in directory: URL) -> [URL] {
        let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)
        return (walker?.allObjects as? [URL] ?? []).filter { $0.pathExtension == "swift" }
    }

    /// Every module named in an `import` line of the module's sources (any access level or attribute before it).
    private static func imports(of module: String) throws -> Set<String> {
        var found: Set<String> = []
        for file in swiftFiles(in: root.appendingPathComponent("Sources").appendingPathComponent(module)) {
            for line in try String(contentsOf: file, encoding: .utf8).split(separator: "\n") {
                let words = line.split(separator: " ")
                guard let at = words.firstIndex(of: "import"), at + 1 < words.count,
                      words[..<at].allSatisfy({ ["public", "internal", "package", "private", "fileprivate",
                                                  "@preconcurrency", "@_exported"].contains($0) })
                else { continue }
                found.insert(String(words[at + 1]))
            }
        }
        return found
    }

    @Test func everyModuleHasALine() throws {
        let listed = try Self.listing()
        for module in try Self.swiftModules() {
            #expect(listed[module] != nil, "Sources/\(module) has no line in the README's module listing")
        }
    }

    @Test func everyImportOfAProjectModuleIsListed() throws {
        let listed = try Self.listing()
        let project = Set(try FileManager.default.contentsOfDirectory(
            atPath: Self.root.appendingPathComponent("Sources").path))
        for module in try Self.swiftModules() {
            let used = try Self.imports(of: module).intersection(project)
            let unlisted = used.subtracting(listed[module] ?? []).subtracting([module])
            #expect(unlisted.isEmpty, "Sources/\(module) imports \(unlisted.sorted()), not listed in the README")
        }
    }
}
