import Foundation

/// The checks on the raw config before any YAML is parsed: size, encoding, characters, emptiness.
enum ConfigText {
    static let sizeLimit = 1 << 20

    /// Reads and decodes the file at `path`.
    static func read(path: String, file: String) throws(ConfigError) -> String {
        let bytes: [UInt8]
        do throws(SmallFile.Failure) {
            bytes = try SmallFile.contents(atPath: path, limit: sizeLimit)
        } catch {
            switch error {
            case .tooLarge(let size): throw ConfigError(.tooLarge, file: file, tooLargeMessage(size))
            case .notRegular: throw ConfigError(.unreadable, file: file, "cannot read \(path): not a regular file")
            case .cannotOpen(let reason): throw ConfigError(.unreadable, file: file, "cannot read \(path): \(reason)")
            }
        }
        return try decode(bytes, file: file)
    }

    static func decode(_ bytes: [UInt8], file: String) throws(ConfigError) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        throw ConfigError(.notText, file: file, errors: [
            ConfigIssue(path: "", line: lineOfInvalidUTF8(in: bytes), message: "config is not UTF-8 text"),
        ])
    }

    /// Refuses text that is too large, empty, or holds characters YAML does not allow.
    static func check(_ text: String, file: String) throws(ConfigError) {
        guard text.utf8.count <= sizeLimit else { throw ConfigError(.tooLarge, file: file, tooLargeMessage(text.utf8.count)) }
        guard text.contains(where: { !$0.isWhitespace }) else { throw ConfigError(.invalid, file: file, "config is empty") }
        if let issue = forbiddenCharacter(in: text) { throw ConfigError(.notText, file: file, errors: [issue]) }
    }

    static func tooLargeMessage(_ size: Int) -> String {
        "config is \(String(format: "%.1f", Double(size) / 1_000_000)) MB; the limit is 1 MiB"
    }

    /// The characters libyaml's reader refuses (C0 and C1 controls, DEL, U+FFFE, U+FFFF), found here with a line.
    private static func forbiddenCharacter(in text: String) -> ConfigIssue? {
        var line = 1
        for scalar in text.unicodeScalars {
            if scalar == "\n" { line += 1 }
            let value = scalar.value
            let allowed = value == 0x09 || value == 0x0A || value == 0x0D || (0x20...0x7E).contains(value)
                || value == 0x85 || (0xA0...0xFFFD).contains(value) || value >= 0x10000
            if !allowed {
                let code = String(value, radix: 16, uppercase: true)
                return ConfigIssue(path: "", line: line, message: "control character U+\(String(repeating: "0", count: max(0, 4 - code.count)) + code) is not allowed")
            }
        }
        return nil
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
