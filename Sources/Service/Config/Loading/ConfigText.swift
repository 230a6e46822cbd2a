import Foundation
import InputSafety

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
        do throws(Finding) {
            return try TextChecks.decode(bytes)
        } catch {
            throw ConfigError(.notText, file: file, errors: [ConfigIssue(path: "", line: error.line, message: "config is not UTF-8 text")])
        }
    }

    /// Refuses text that is too large, empty, or holds characters YAML does not allow.
    static func check(_ text: String, file: String) throws(ConfigError) {
        guard text.utf8.count <= sizeLimit else { throw ConfigError(.tooLarge, file: file, tooLargeMessage(text.utf8.count)) }
        guard text.contains(where: { !$0.isWhitespace }) else { throw ConfigError(.invalid, file: file, "config is empty") }
        if let finding = TextChecks.forbiddenCharacter(in: text) {
            throw ConfigError(.notText, file: file, errors: [ConfigIssue(path: "", line: finding.line, message: finding.message)])
        }
    }

    static func tooLargeMessage(_ size: Int) -> String {
        "config is \(String(format: "%.1f", Double(size) / 1_000_000)) MB; the limit is 1 MiB"
    }
}
