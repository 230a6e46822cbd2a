/// Checks on raw text before it is parsed: UTF-8, and the characters libyaml's reader refuses, each with its line.
package enum TextChecks {
    /// The text of `bytes`, or a finding naming the line of the first byte that is not UTF-8.
    package static func decode(_ bytes: [UInt8]) throws(Finding) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        throw Finding(.notText, line: lineOfInvalidUTF8(in: bytes), "not UTF-8 text")
    }

    /// The first character libyaml's reader refuses: C0 and C1 controls (but tab, CR, LF and NEL), DEL, U+FFFE, U+FFFF.
    package static func forbiddenCharacter(in text: String) -> Finding? {
        var line = 1
        for scalar in text.unicodeScalars {
            if scalar == "\n" { line += 1 }
            let value = scalar.value
            let allowed = value == 0x09 || value == 0x0A || value == 0x0D || (0x20...0x7E).contains(value)
                || value == 0x85 || (0xA0...0xFFFD).contains(value) || value >= 0x10000
            if !allowed { return Finding(.notText, line: line, "control character \(codePoint(scalar)) is not allowed") }
        }
        return nil
    }

    /// The lines that are not blank, with their 1-based numbers in the file (LF or CR LF ends a line). Split as
    /// UTF-8 bytes: a hotlist may have hundreds of thousands of lines.
    package static func lines(of text: String) -> [(number: Int, text: String)] {
        text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated().compactMap { offset, bytes in
            let line = String(Substring(bytes.last == UInt8(ascii: "\r") ? bytes.dropLast() : bytes))
            return line.contains { !$0.isWhitespace } ? (number: offset + 1, text: line) : nil
        }
    }

    /// The fields of a line between `separator`s (an ASCII character), empty ones kept.
    package static func fields(of line: String, separator: Unicode.Scalar) -> [String] {
        line.utf8.split(separator: UInt8(ascii: separator), omittingEmptySubsequences: false).map { String(Substring($0)) }
    }

    /// Why `text` cannot be taken as it is: a control character (general category Cc: C0, DEL, C1; tab aside) or a
    /// line or paragraph separator, which would cut a value short in C (NUL) or hide part of it on a terminal.
    package static func controlCharacter(in text: String) -> String? {
        let scalar = text.unicodeScalars.first { scalar in
            let value = scalar.value
            return (value < 0x20 && value != 0x09) || (0x7F...0x9F).contains(value) || value == 0x2028 || value == 0x2029
        }
        return scalar.map { "control character \(codePoint($0)) is not allowed" }
    }

    /// `U+0000`: how a message names a character that cannot be shown.
    package static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    private static func lineOfInvalidUTF8(in bytes: [UInt8]) -> Int {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var line = 1
        while case .valid(let encoded) = parser.parseScalar(from: &iterator) {
            if encoded.count == 1 && encoded.first == 0x0A { line += 1 }
        }
        return line
    }
}
