import Foundation
import InputSafety

/// What is refused before Yams sees a dispatch configuration: the same pre-scan and limits as the serve config's.
extension DispatchConfig {
    /// Files and texts over this size are refused (before reading, for files).
    public static let sizeLimit = 1 << 20

    static func read(_ path: String) throws(ConfigError) -> String {
        let bytes: [UInt8]
        do throws(SmallFile.Failure) {
            bytes = try SmallFile.contents(atPath: path, limit: sizeLimit)
        } catch {
            switch error {
            case .tooLarge(let size): throw ConfigError(.tooLarge, tooLargeMessage(size))
            case .notRegular: throw ConfigError(.unreadable, "cannot read dispatch config: not a regular file")
            case .cannotOpen(let reason): throw ConfigError(.unreadable, "cannot read dispatch config: \(reason)")
            }
        }
        do throws(Finding) { return try TextChecks.decode(bytes) } catch { throw located(error) }
    }

    /// Refuses text that is too large, holds control characters, anchors, aliases or tags, or nests too deep.
    static func screen(_ text: String) throws(ConfigError) {
        guard text.utf8.count <= sizeLimit else { throw ConfigError(.tooLarge, tooLargeMessage(text.utf8.count)) }
        if let finding = TextChecks.forbiddenCharacter(in: text) ?? Prescan.findings(in: text).first {
            throw located(finding)
        }
    }

    private static func located(_ finding: Finding) -> ConfigError {
        ConfigError(finding.kind == .notText ? .notText : .syntax, "line \(finding.line): \(finding.message)")
    }

    private static func tooLargeMessage(_ size: Int) -> String {
        "the file is \(String(format: "%.1f", Double(size) / 1_000_000)) MB; the limit is 1 MiB"
    }
}
