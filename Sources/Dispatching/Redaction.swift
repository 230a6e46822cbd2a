public import Incidents
import InputSafety

/// What a community force (grid workers, volunteers) may not see: who the person is, which list they are on and
/// why, and their face. Dispatch payloads and the history API both implement this protocol and redact through
/// `Audience.redact`, the one place the decision is made.
public protocol Redactable {
    var identity: String? { get set }
    var watchlist: String? { get set }
    var reason: String? { get set }
    var faceCrop: String? { get set }
}

extension Audience {
    /// `value` as this audience may see it.
    public func redact<Value: Redactable>(_ value: Value) -> Value {
        guard self == .community else { return value }
        var copy = value
        copy.identity = nil
        copy.watchlist = nil
        copy.reason = nil
        copy.faceCrop = nil
        return copy
    }
}

extension Audience {
    /// An order transition's note as this audience may see it. Community forces get none: the planner's note names
    /// the rule (`rule 'wanted people' tier 0`), which says which list the subject is on. Everyone else gets it
    /// with URL credentials masked, also in rows written before delivery notes were masked.
    public func note(_ note: String?) -> String? {
        guard self != .community, let note else { return nil }
        return URLCredentials.maskingURLs(in: note)
    }

    /// The name of the rule that sent an order, which names the list: police only.
    public func rule(_ rule: String) -> String? {
        self == .community ? nil : rule
    }
}
