import ArgumentParser
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
                throw ValidationError("\(path) is \(String(format: "%.1f", Double(size) / 1_000_000)) MB; the limit is \(limit >> 20) MiB")
            case .notRegular: throw ValidationError("cannot read \(path): not a regular file")
            case .cannotOpen(let reason): throw ValidationError("cannot read \(path): \(reason)")
            }
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        do throws(Finding) { return try TextChecks.decode(bytes) } catch {
            throw ValidationError("\(path):\(error.line): not UTF-8 text")
        }
    }

    /// The lines that are not blank, with their 1-based numbers in the file (LF or CR LF ends a line). Split as
    /// UTF-8 bytes: a hotlist may have hundreds of thousands of lines.
    static func lines(of text: String) -> [(number: Int, text: String)] {
        text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated().compactMap { offset, bytes in
            let line = String(Substring(bytes.last == UInt8(ascii: "\r") ? bytes.dropLast() : bytes))
            return line.contains { !$0.isWhitespace } ? (number: offset + 1, text: line) : nil
        }
    }

    /// The fields of a line between `separator`s (an ASCII character), empty ones kept.
    static func fields(of line: String, separator: Unicode.Scalar) -> [String] {
        line.utf8.split(separator: UInt8(ascii: separator), omittingEmptySubsequences: false).map { String(Substring($0)) }
    }

    /// Why `text` cannot be taken as it is: a control character (general category Cc: C0, DEL, C1; tab aside) or a
    /// line or paragraph separator, which would cut a value short in C (NUL) or hide part of it on a terminal.
    static func controlCharacter(in text: String) -> String? {
        let scalar = text.unicodeScalars.first { scalar in
            let value = scalar.value
            return (value < 0x20 && value != 0x09) || (0x7F...0x9F).contains(value) || value == 0x2028 || value == 0x2029
        }
        return scalar.map { "control character \(TextChecks.codePoint($0)) is not allowed" }
    }
}
