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
