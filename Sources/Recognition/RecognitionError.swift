/// Why a model could not be loaded or run, or an input was refused, in words a person can act on.
public struct RecognitionError: Error, Sendable, CustomStringConvertible {
    public let message: String

    static func model(_ message: String) -> Self { Self(message: message) }
    static func native(_ message: String) -> Self { Self(message: message) }
    static func badInput(_ message: String) -> Self { Self(message: message) }

    public var description: String { message }
}
