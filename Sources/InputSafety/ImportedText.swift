/// A text file a person hands us, such as a hotlist saved by a spreadsheet: UTF-8 with or without a byte-order mark,
/// or else GBK (GB18030, its superset), which the Chinese editions of Excel and WPS save by default. UTF-8 is tried
/// first: GBK text with characters outside ASCII is almost never valid UTF-8.
package enum ImportedText {
    package enum Encoding: String, Sendable {
        case utf8 = "UTF-8"
        case gb18030 = "GB18030"
    }

    /// The text (without a byte-order mark) and the encoding it was read as, or a finding naming the line of the
    /// first byte that is not UTF-8 when the bytes are neither encoding.
    package static func decode(_ bytes: [UInt8]) throws(Finding) -> (text: String, encoding: Encoding) {
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        if let text = String(validating: body, as: UTF8.self) { return (text, .utf8) }
        if let text = GB18030.decode(body) { return (text, .gb18030) }
        do throws(Finding) { _ = try TextChecks.decode(body) } catch {
            throw Finding(.notText, line: error.line, "neither UTF-8 nor GBK text")
        }
        throw Finding(.notText, line: 1, "neither UTF-8 nor GBK text")
    }
}
