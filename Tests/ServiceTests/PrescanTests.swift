import InputSafety
@testable import Service
import Yams
import Testing

/// The pre-scan finds anchors and aliases where libyaml would, and only there.
struct PrescanTests {
    @Test func starsInsideScalarsAndCommentsAreContent() throws {
        let yaml = minimalConfig + """
        cameras:
          - id: a
            name: 黑A*23*
            kind: fixed
            url: 'rtsp://h/s*x'   # comment with *alias and &anchor
          - id: b
            name: "*quoted* \\" *still quoted"
            kind: fixed
            url: rtsp://h/t
          - id: c
            name: >
              folded *text
              &more
            kind: fixed
            url: rtsp://h/u
          - id: d
            name: plain &with *blanks
              *continued on the next line
            kind: fixed
            url: rtsp://h/v
          - {id: e, name: 'it''s *', kind: fixed, url: 'rtsp://h/w'}
        """
        let names = try load(yaml).cameras.map(\.name)
        #expect(names == ["黑A*23*", "*quoted* \" *still quoted", "folded *text &more\n",
                          "plain &with *blanks *continued on the next line", "it's *"])
    }

    @Test(arguments: [
        ("a: *x", 1), ("- *x", 1), ("[*x]", 1), ("{*x : 1}", 1), ("a: [b, *x]", 1),
        ("a: |\n  text\nb: *x", 3),
        ("a: 'quoted\n  line' \nb: *x", 3),
        ("a: plain\n  continued\n*x : 1", 3),
        ("- - |\n  - *x", 2),
        ("? *x\n: 1", 1),
        ("a: \"esc \\\" \"\nb: *x", 2),
    ])
    func aliasesAreFoundWhereLibyamlReadsThem(yaml: String, line: Int) {
        let findings = Prescan.findings(in: yaml)
        #expect(findings.first?.line == line)
        #expect(findings.first?.message == Prescan.aliasMessage)
    }

    /// Random fragments put together, read by both: wherever libyaml's parser reaches an alias (Yams then says
    /// `found undefined alias`, as no anchor exists), the pre-scan must have refused the text; wherever Yams reads
    /// the text without error and it has no anchor, the pre-scan must have found nothing.
    @Test(arguments: [1, 2, 3, 4])
    func agreesWithLibyaml(seed: UInt64) {
        var random = SplitMix(seed: seed)
        var outcomes: [YamsOutcome: Int] = [:]
        for round in 0..<5_000 {
            let text = round.isMultiple(of: 2) ? random.fragments(Self.fragments, count: 14) : random.lines(Self.lineStarts)
            let outcome = YamsOutcome(text)
            outcomes[outcome, default: 0] += 1
            let findings = Prescan.findings(in: text)
            if outcome == .alias { #expect(!findings.isEmpty, "missed an alias in \(text.debugDescription)") }
            if outcome == .composed && !text.contains("&") { #expect(findings.isEmpty, "refused \(text.debugDescription): \(findings)") }
        }
        #expect(outcomes[.alias, default: 0] > 200 && outcomes[.composed, default: 0] > 500, "\(outcomes)")
    }

    static let fragments = [
        "*x", "*x", "*x", "a", "b: ", "黑A*23*", "'", "''", "\"", "\\", "\\\"", " #", "#", " ", " ", "  ", "\n", "\n", "\n  ",
        "\n    ", "- ", "-", "? ", ":", ": ", "[", "]", "{", "}", ", ", ",", "|", ">", "|2", "|-", ">+", "\t", "\n---",
        "\n...", "\r\n", "*", "&", "x y", "@", "\u{85}", "\u{2028}", "\u{FEFF}",
    ]

    /// Pieces that begin indented lines: more of the texts are valid YAML, with blocks nested and closed.
    static let lineStarts = [
        "k: ", "k: v", "- ", "- k: ", "? ", ": ", "*x", "*x : v", "'q *x'", "'q", "x'", "\"d *x\"", "|", ">-", "|1",
        "plain *x", "[a, *x]", "{k: *x}", "# c *x", "k: |", "- |", "[", "]", "{k: ", "}", "k:", "-", "\ttab",
    ]
}

/// What Yams made of a text.
enum YamsOutcome {
    case composed, alias, error

    init(_ text: String) {
        do {
            _ = try Yams.Parser(yaml: text, resolver: .default, constructor: .default, encoding: .utf8).singleRoot()
            self = .composed
        } catch {
            self = "\(error)".contains("found undefined alias") ? .alias : .error
        }
    }
}

extension SplitMix {
    /// 1 to `count` fragments run together.
    mutating func fragments(_ pieces: [String], count: Int) -> String {
        (0..<next(below: count) + 1).map { _ in pieces[next(below: pieces.count)] }.joined()
    }

    /// 1 to 8 lines, each indented 0 to 5 spaces, of one to three pieces.
    mutating func lines(_ pieces: [String]) -> String {
        (0..<next(below: 8) + 1).map { _ in String(repeating: " ", count: next(below: 6)) + fragments(pieces, count: 3) }
            .joined(separator: "\n")
    }
}

/// A small seeded generator, so failures repeat.
struct SplitMix {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next(below bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}
