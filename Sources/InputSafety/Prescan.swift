/// A pass over the raw text, before Yams composes it, that refuses what this config does not accept and what could
/// make composing slow or deep: anchors and aliases (`&name`, `*name`), tags, directives and nesting deeper than
/// ``maximumDepth``.
///
/// Aliases are refused here, not after composing, because Yams' composer already does exponential work on them: it
/// hashes every mapping's keys to find duplicates, and a key that is an alias of nested aliases hashes the whole
/// expansion (a few hundred bytes took 47 s of CPU). The scan follows libyaml's scanner (0.2.5, vendored by Yams)
/// token by token — indentation, simple keys, flow level, plain, quoted and block scalars, comments — so a `*` is
/// an alias exactly where libyaml would read one, and content such as `黑A*23*`, `'*'` or `# *` is left alone.
/// Where libyaml would stop with an error, the scan stops too and reports it.
///
/// ```swift
/// if let finding = Prescan.findings(in: text).first { throw MyError("line \(finding.line): \(finding.message)") }
/// let root = try Yams.compose(yaml: text)
/// ```
package struct Prescan {
    /// Collections nested deeper than this are refused (Yams composes and Codable decodes recursively).
    package static let maximumDepth = 64
    /// Anchors and aliases reported before the scan gives up.
    package static let maximumFindings = 20

    /// Problems in `text`, each with its line; empty when Yams may compose it.
    package static func findings(in text: String) -> [Finding] {
        var scan = Prescan(bytes: Array(text.utf8))
        do {
            while try scan.fetchNextToken() {}
        } catch {
            scan.findings.append(Finding(.syntax, line: error.line, error.message))
        }
        return scan.findings
    }

    /// Why the scan stopped.
    struct Stop: Error {
        let line: Int
        let message: String
    }

    /// A place where a simple key (`key: value`) may begin, one per flow level, as libyaml keeps them.
    struct SimpleKey {
        var possible = false
        var required = false
        var line = 0
        var index = 0
        var column = 0
    }

    let bytes: [UInt8]
    var position = 0
    /// libyaml's mark: 1-based line, 0-based column and index counted in characters.
    var line = 1
    var column = 0
    var index = 0
    var flowLevel = 0
    var indent = -1
    var indents: [Int] = []
    var simpleKeys = [SimpleKey()]
    var simpleKeyAllowed = true
    var findings: [Finding] = []

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    func stop(_ message: String) -> Stop {
        Stop(line: line, message: message)
    }
}
