import Foundation
import InputSafety

/// A text file a command reads whole (a hotlist, a labels file): refused unread when it is over `limit` or not a
/// regular file (a FIFO, /dev/zero), refused with its line when it is neither UTF-8 nor GBK; a byte-order mark is
/// dropped.
enum TextFile {
    static func read(_ path: String, limit: Int) throws -> String {
        let bytes: [UInt8]
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
        do throws(Finding) { return try ImportedText.decode(bytes).text } catch {
            throw CommandFailure("\(path):\(error.line): \(error.message)")
        }
    }
}
