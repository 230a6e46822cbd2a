/// A history query the store cannot run as asked: a parameter out of range, a cursor from another query.
/// The HTTP layer maps every case to 400 with the message.
public struct HistoryQueryError: Error, Sendable, Equatable, CustomStringConvertible {
    private enum Internal: Sendable, Equatable {
        case invalid(parameter: String, problem: String)
        case foreignCursor
    }

    private let value: Internal
    private init(_ value: Internal) { self.value = value }

    /// `parameter` cannot be used: `problem` says why, in words a caller can act on.
    public static func invalid(_ parameter: String, _ problem: String) -> Self { .init(.invalid(parameter: parameter, problem: problem)) }
    /// The cursor was issued for another query (other filters, another order or another route) or was altered.
    public static var foreignCursor: Self { .init(.foreignCursor) }

    public var description: String {
        switch value {
        case .invalid(let parameter, let problem): "\(parameter): \(problem)"
        case .foreignCursor: "cursor: it belongs to another query (filters, order or route differ); start again without it"
        }
    }
}
