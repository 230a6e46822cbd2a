import CGlibcExtras
import Glibc

/// Unique ids (order ids, which are webhook idempotency keys; outbox claim tokens; file and lane names) from the
/// kernel's generator, getrandom(2), which needs no file descriptor.
///
/// Foundation's `UUID()` reads /dev/urandom and, when no descriptor is left, returns the all-zero v4 UUID without a
/// word: ids then collide. This either returns fresh random bits or throws.
/// ```swift
/// let orderId = try RandomID.uuid()   // "3f0c…-…", lower case, version 4
/// ```
public enum RandomID {
    /// The kernel could not give random bytes (errno in the message).
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let errno: Int32
        public var description: String { "no random bytes for an id: getrandom failed (\(String(cString: strerror(errno))))" }
    }

    /// A random version-4 UUID in lower case.
    public static func uuid() throws -> String {
        var bytes = try randomBytes(16)
        bytes[6] = bytes[6] & 0x0F | 0x40
        bytes[8] = bytes[8] & 0x3F | 0x80
        let hex = bytes.map(hexDigits)
        return [hex[0..<4], hex[4..<6], hex[6..<8], hex[8..<10], hex[10..<16]].map { $0.joined() }.joined(separator: "-")
    }

    /// `count` random hex digits, for names that only need to differ (a snapshot file).
    public static func hex(_ count: Int) throws -> String {
        String(try randomBytes((count + 1) / 2).map(hexDigits).joined().prefix(count))
    }

    private static func hexDigits(_ byte: UInt8) -> String {
        String(byte >> 4, radix: 16) + String(byte & 0x0F, radix: 16)
    }

    /// `count` bytes from getrandom(2), retrying when a signal interrupts it or it returns fewer bytes.
    public static func randomBytes(_ count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let got = bytes.withUnsafeMutableBytes { buffer in
                getrandom(buffer.baseAddress! + filled, count - filled, 0)
            }
            if got < 0 {
                if errno == EINTR { continue }
                throw Failure(errno: errno)
            }
            filled += got
        }
        return bytes
    }
}
