/// Why a KLV packet was refused. A bad packet is counted and skipped by the reader, never fatal.
public struct KLVError: Error, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The packet's universal key is not the UAS Datalink Local Set's (another standard's metadata).
        case unknownKey = "unknown_key"
        /// A length runs past the end of the bytes (a truncated packet or local set).
        case truncated
        /// The checksum item (tag 1) is missing, or does not match the bytes.
        case badChecksum = "bad_checksum"
        /// An item's value has a length the standard does not allow for that tag.
        case badValue = "bad_value"
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.kind == rhs.kind }
}
