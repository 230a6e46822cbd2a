/// Why a model could not be loaded or run, or an input was refused, in words a person can act on. `kind` lets a
/// caller tell a server-side problem (a missing or broken model, a native failure) from a refused input.
public struct RecognitionError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// A model file is missing, unreadable or does not match its checksum.
        case model
        /// The C++ side (dlib, OpenCV, ONNX Runtime) failed.
        case native
        /// An input (a plate text, a labels file) was refused.
        case badInput
    }

    public let kind: Kind
    public let message: String

    static func model(_ message: String) -> Self { Self(kind: .model, message: message) }
    static func native(_ message: String) -> Self { Self(kind: .native, message: message) }
    static func badInput(_ message: String) -> Self { Self(kind: .badInput, message: message) }

    public var description: String { message }
}
