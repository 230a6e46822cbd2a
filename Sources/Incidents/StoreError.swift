/// A database that cannot be opened or written, with the path and the reason.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public let message: String

    init(_ message: String) { self.message = message }

    public var description: String { message }
}
