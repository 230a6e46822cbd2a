/// Why an analysis refused to start, in words a person can act on.
public struct AnalysisError: Error, Sendable, CustomStringConvertible {
    /// The broad class of failure; new kinds may be added.
    public struct Kind: Hashable, Sendable {
        private enum Base { case invalidOptions, snapshots }
        private let base: Base

        /// An option is out of its range (see `AnalysisOptions.check()`).
        public static var invalidOptions: Kind { Kind(base: .invalidOptions) }
        /// The snapshot directory cannot be created or written (the store's sink, when it is prepared).
        public static var snapshots: Kind { Kind(base: .snapshots) }
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
