import Foundation

extension StreamURL {
    /// Query parameters that carry a password in some cameras' URLs (`…/video.cgi?user=admin&pwd=…`).
    static let passwordParameters: Set<String> = ["password", "passwd", "pass", "pwd"]

    /// A password in the userinfo or in a password-like query parameter.
    var carriesPassword: Bool {
        (userInfo?.contains(":") ?? false) || Self.queryParameters(in: rest).contains { Self.passwordParameters.contains($0.name) }
    }

    /// This URL with passwords replaced by `***`. The userinfo is taken up to the last `@` before the query — more
    /// than RFC 3986 allows — so that a password with an unencoded `/` is hidden too.
    var redacted: String {
        let beforeQuery = afterScheme.prefix { $0 != "?" && $0 != "#" }
        guard let at = beforeQuery.lastIndex(of: "@") else { return "\(scheme)://" + Self.maskingQuery(afterScheme) }
        let info = afterScheme[..<at]
        let masked = info.contains(":") ? info.prefix { $0 != ":" } + ":***" : info
        return "\(scheme)://\(masked)@" + Self.maskingQuery(afterScheme[afterScheme.index(after: at)...])
    }

    /// `text` with the values of password-like query parameters replaced by `***`.
    private static func maskingQuery(_ text: Substring) -> String {
        var text = String(text)
        for parameter in queryParameters(in: text).reversed() where passwordParameters.contains(parameter.name) {
            text.replaceSubrange(parameter.range, with: "\(text[parameter.range].prefix { $0 != "=" })=***")
        }
        return text
    }

    private static func queryParameters(in text: String) -> [(name: String, range: Range<String.Index>)] {
        guard let start = text.firstIndex(of: "?") else { return [] }
        let query = text[text.index(after: start)...].prefix { $0 != "#" }
        return query.split(separator: "&").map { pair in
            (pair.prefix { $0 != "=" }.lowercased(), pair.startIndex..<pair.endIndex)
        }
    }

    /// Every URL in `text` (a word containing `://`) with its passwords replaced by `***`; the rest unchanged.
    static func redactingPasswords(in text: String) -> String {
        var result = ""
        var word = ""
        for character in text {
            if character.isWhitespace {
                result += redactingWord(word) + String(character)
                word = ""
            } else {
                word.append(character)
            }
        }
        return result + redactingWord(word)
    }

    /// A word such as `'rtsp://admin:pw@host/x',` keeps what surrounds the URL.
    private static func redactingWord(_ word: String) -> String {
        guard let separator = word.range(of: "://") else { return word }
        let start = word[..<separator.lowerBound].lastIndex { !($0.isASCII && ($0.isLetter || $0.isNumber || "+.-".contains($0))) }
            .map { word.index(after: $0) } ?? word.startIndex
        guard let url = StreamURL(String(word[start...])) else { return word }
        return String(word[..<start]) + url.redacted
    }
}
