import Foundation

/// The notes the dispatcher writes itself, named by a stable code with their values, so the console shows them in the
/// reader's language and never as raw English or a webhook's address. A note a person typed (a resolve note) has no
/// code and is shown as written.
struct TransitionNote: Codable, Sendable, Equatable {
    var code: String
    /// The rule's name (police only: it names the list), the tier, the distance in metres.
    var rule: String?
    var tier: Int?
    var meters: Int?

    /// The code of a note written by `actor`, or nil for a person's note. `police` says whether the rule may be named.
    init?(_ note: String?, actor: String, police: Bool) {
        guard let note else { return nil }
        switch actor {
        case "dispatcher":
            guard let planned = Self.planned(note) else { return nil }
            self.init(code: "planned", rule: police ? planned.rule : nil, tier: planned.tier, meters: planned.meters)
        case "delivery":
            self.init(code: "delivered")
        default:
            let fixed = ["no acknowledgement within the deadline": "deadline_passed", "taken by another unit": "taken_by_other"]
            if let code = fixed[note] {
                self.init(code: code)
            } else if note.hasPrefix("resolved by order ") {
                self.init(code: "resolved_by_other")
            } else {
                return nil
            }
        }
    }

    private init(code: String, rule: String? = nil, tier: Int? = nil, meters: Int? = nil) {
        self.code = code
        self.rule = rule
        self.tier = tier
        self.meters = meters
    }

    /// `rule 'wanted people' tier 0, 705 m away` (Dispatcher's planning note).
    private static func planned(_ note: String) -> (rule: String, tier: Int, meters: Int?)? {
        guard note.hasPrefix("rule '"), let close = note.range(of: "' tier ", options: .backwards) else { return nil }
        let rule = String(note[note.index(note.startIndex, offsetBy: 6)..<close.lowerBound])
        let rest = note[close.upperBound...].split(separator: ",", maxSplits: 1)
        guard let tierText = rest.first, let tier = Int(tierText) else { return nil }
        let meters = rest.count > 1 ? Int(rest[1].trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "") : nil
        return (rule, tier, meters)
    }
}
