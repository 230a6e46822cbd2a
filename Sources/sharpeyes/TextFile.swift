import Foundation
import InputSafety

/// A text file a command reads whole (a hotlist, a labels file): refused unread when it is over `limit` or not a
/// regular file (a FIFO, /dev/zero), refused with its line when it is not UTF-8; a byte-order mark is dropped.
enum TextFile {
    static func read(_ path: String, limit: Int) throws -> String {
        var bytes: [UInt8]
        do throws(SmallFile.Failure) {
            bytes = try SmallFile.contents(atPath: path, limit: limit)
        } catch {
            switch error {
            case .tooLarge(let size):
                throw CommandFailure("\(path) is \(String(format: "%.1f", Double(size) / 1_000_000)) MB; the limit is \(limit >> 20) MiB")
            case .notRegular: throw CommandFailure("cannot read \(path): not a regular file")
            case .cannotOpen(let reason): throw CommandFailure("cannot read \(path): \(reason)")
            }
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        do throws(Finding) { return try TextChecks.decode(bytes) } catch {
            throw CommandFailure("\(path):\(error.line): not UTF-8 text")
        }
    }
}
