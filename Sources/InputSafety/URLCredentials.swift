/// Credentials in URLs, replaced by `***` wherever a URL is shown, logged or stored for people to read: the
/// password of the userinfo (`rtsp://admin:***@…`), a userinfo without a password (`https://***@…`) and the values
/// of query parameters that carry a secret (`?pwd=***`, `?access_token=***`). Camera URLs and webhook URLs are
/// masked by this one piece of code.
package enum URLCredentials {
    /// Query parameters whose value is a secret: camera passwords (`…/video.cgi?user=admin&pwd=…`) and the tokens
    /// webhook receivers take in the URL (`?access_token=…`, `?key=…`, `?sig=…`). Compared lowercased.
    package static let secretParameters: Set<String> = [
        "password", "passwd", "pass", "pwd", "access_token", "token", "auth", "key", "api_key", "apikey", "secret",
        "client_secret", "signature", "sig", "code",
    ]

    /// `url` (`scheme://…`) with its credentials masked. The userinfo is taken up to the last `@` before the
    /// query, more than RFC 3986 allows, so that a password with an unencoded `/` is hidden too.
    package static func masked(_ url: String) -> String {
        guard let separator = url.firstRange(of: "://") else { return url }
        let scheme = url[..<separator.lowerBound], afterScheme = url[separator.upperBound...]
        let beforeQuery = afterScheme.prefix { $0 != "?" && $0 != "#" }
        guard let at = beforeQuery.lastIndex(of: "@") else { return "\(scheme)://" + maskingQuery(afterScheme) }
        let info = afterScheme[..<at]
        // A userinfo without a colon is often a token on its own (`https://<token>@hooks.example/…`): all of it goes.
        let user = info.contains(":") ? info.prefix { $0 != ":" } + ":***" : "***"
        return "\(scheme)://\(user)@" + maskingQuery(afterScheme[afterScheme.index(after: at)...])
    }

    /// Every URL in `text` (a word containing `://` after a scheme) with its credentials masked; the rest as is.
    package static func maskingURLs(in text: String) -> String {
        guard text.contains("://") else { return text }
        var result = ""
        var word = ""
        for character in text {
            if character.isWhitespace {
                result += maskingWord(word) + String(character)
                word = ""
            } else {
                word.append(character)
            }
        }
        return result + maskingWord(word)
    }

    /// The query parameters of `text` (after its first `?`, up to a `#`): lowercased names and where each pair is.
    package static func queryParameters(in text: some StringProtocol) -> [(name: String, range: Range<String.Index>)] {
        let text = String(text)
        guard let start = text.firstIndex(of: "?") else { return [] }
        let query = text[text.index(after: start)...].prefix { $0 != "#" }
        return query.split(separator: "&").map { pair in
            (pair.prefix { $0 != "=" }.lowercased(), pair.startIndex..<pair.endIndex)
        }
    }

    /// `text` with the values of secret-carrying query parameters replaced by `***`.
    private static func maskingQuery(_ text: Substring) -> String {
        var text = String(text)
        for parameter in queryParameters(in: text).reversed() where secretParameters.contains(parameter.name) {
            text.replaceSubrange(parameter.range, with: "\(text[parameter.range].prefix { $0 != "=" })=***")
        }
        return text
    }

    /// A word such as `'rtsp://admin:pw@host/x?pwd=pw',` keeps what surrounds the URL (quotes and punctuation
    /// after it are not part of a query value).
    private static func maskingWord(_ word: String) -> String {
        guard let separator = word.firstRange(of: "://") else { return word }
        let start = word[..<separator.lowerBound].lastIndex { !isSchemeCharacter($0) }.map { word.index(after: $0) } ?? word.startIndex
        let scheme = word[start..<separator.lowerBound]
        guard let first = scheme.first, first.isASCII, first.isLetter else { return word }
        let end = word[separator.upperBound...].lastIndex { !"'\"`,;.)]>".contains($0) }.map { word.index(after: $0) } ?? word.endIndex
        return String(word[..<start]) + masked(String(word[start..<end])) + word[end...]
    }

    private static func isSchemeCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || "+.-".contains(character))
    }
}
