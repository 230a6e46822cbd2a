import Foundation

/// Why bytes are not a SIP message the platform will handle; each is answered with a 4xx or dropped, and counted.
public struct SIPParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// No blank line ends the headers (a truncated datagram).
        case truncatedHeaders
        /// The start line is neither a request nor a status line.
        case badStartLine
        /// A header line without a colon, or header bytes that are not UTF-8.
        case badHeader
        /// `Content-Length` is missing on a stream, not a number, or more than the bytes that came.
        case badContentLength
        /// Headers or body over the limits.
        case tooLarge
    }

    public let kind: Kind
    public let detail: String
    public var description: String { "\(kind.rawValue): \(detail)" }
    /// The status a request that failed this way is answered with.
    public var status: (code: Int, reason: String) {
        kind == .tooLarge ? (413, "Request Entity Too Large") : (400, "Bad Request")
    }
}

/// Reads SIP messages from datagrams and from TCP byte streams (framed by `SIPMessageDecoder`).
public enum SIPParser {
    /// Header sections longer than this are refused.
    public static let headerLimit = 16 << 10
    /// GB/T 28181 bodies (SDP, MANSCDP XML) are a few KiB; a Catalog answer with hundreds of channels is split over
    /// several messages. Bodies over this are refused.
    public static let bodyLimit = 64 << 10

    /// One message in a datagram; the body is what `Content-Length` counts (the rest of the datagram when absent).
    public static func parse<Bytes: RandomAccessCollection<UInt8>>(datagram bytes: Bytes) throws(SIPParseError) -> SIPMessage
    where Bytes.Index == Int {
        guard let end = headerEnd(bytes) else {
            throw SIPParseError(kind: bytes.count > headerLimit ? .tooLarge : .truncatedHeaders, detail: "no blank line after the headers")
        }
        var message = try head(bytes.prefix(end.head))
        let available = bytes.count - end.body
        let length = try contentLength(message) ?? available
        guard length <= available else {
            throw SIPParseError(kind: .badContentLength, detail: "Content-Length \(length) but \(available) bytes came")
        }
        guard length <= bodyLimit else { throw SIPParseError(kind: .tooLarge, detail: "a body of \(length) bytes") }
        message.body = Array(bytes.dropFirst(end.body).prefix(length))
        return message
    }

    /// The message at the front of a TCP stream's bytes and how many bytes it takes; nil while it is incomplete.
    /// `SIPMessageDecoder` skips the keepalive line breaks between messages before calling this.
    static func frame<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes) throws(SIPParseError) -> (message: SIPMessage, length: Int)?
    where Bytes.Index == Int {
        guard let end = headerEnd(bytes) else {
            if bytes.count > headerLimit { throw SIPParseError(kind: .tooLarge, detail: "headers over \(headerLimit) bytes") }
            return nil
        }
        var message = try head(bytes.prefix(end.head))
        guard let length = try contentLength(message) else {
            throw SIPParseError(kind: .badContentLength, detail: "no Content-Length on a stream")
        }
        guard length <= bodyLimit else { throw SIPParseError(kind: .tooLarge, detail: "a body of \(length) bytes") }
        guard bytes.count >= end.body + length else { return nil }
        message.body = Array(bytes.dropFirst(end.body).prefix(length))
        return (message, end.body + length)
    }

    /// Where the headers end (the line break before the blank line) and the body starts, as offsets from the
    /// start of `bytes`; nil when no blank line is within the header limit.
    static func headerEnd<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes) -> (head: Int, body: Int)? where Bytes.Index == Int {
        let base = bytes.startIndex, count = bytes.count
        let limit = min(count, headerLimit + 4)
        var index = 0
        while index + 1 < limit {
            if bytes[base + index] == 0x0A {
                if bytes[base + index + 1] == 0x0A { return (index, index + 2) }
                if index + 2 < count, bytes[base + index + 1] == 0x0D, bytes[base + index + 2] == 0x0A {
                    return (index > 0 && bytes[base + index - 1] == 0x0D ? index - 1 : index, index + 3)
                }
            }
            index += 1
        }
        return nil
    }

    /// The start line and headers. `lenient` reads what a strict reading refuses (bytes that are not UTF-8 are
    /// replaced, lines without a colon skipped), only to answer a refused request.
    static func head(_ bytes: some Collection<UInt8>, lenient: Bool = false) throws(SIPParseError) -> SIPMessage {
        guard let text = String(validating: bytes, as: UTF8.self) ?? (lenient ? String(decoding: bytes, as: UTF8.self) : nil) else {
            throw SIPParseError(kind: .badHeader, detail: "header bytes are not UTF-8")
        }
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            .map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
        guard !lines.isEmpty else { throw SIPParseError(kind: .badStartLine, detail: "empty message") }
        let start = try startLine(lines.removeFirst())
        var headers: [(name: String, value: String)] = []
        for line in lines where !line.isEmpty {
            if line.first == " " || line.first == "\t", let last = headers.popLast() {
                headers.append((last.name, last.value + " " + line.trimmingCharacters(in: .whitespaces)))
                continue
            }
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else {
                if lenient { continue }
                throw SIPParseError(kind: .badHeader, detail: "a header line without a name: \(line.prefix(40))")
            }
            headers.append((line[..<colon].trimmingCharacters(in: .whitespaces),
                            line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        return SIPMessage(start, headers: headers)
    }

    private static func startLine(_ line: String) throws(SIPParseError) -> SIPMessage.StartLine {
        let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
        if parts.count >= 2, parts[0] == "SIP/2.0", let code = Int(parts[1]), (100...699).contains(code) {
            return .response(code: code, reason: parts.count > 2 ? String(parts[2]) : "")
        }
        if parts.count == 3, parts[2] == "SIP/2.0", parts[0].allSatisfy({ $0.isASCII && $0.isUppercase }) {
            return .request(method: String(parts[0]), uri: String(parts[1]))
        }
        throw SIPParseError(kind: .badStartLine, detail: "not a SIP start line: \(line.prefix(60))")
    }

    private static func contentLength(_ message: SIPMessage) throws(SIPParseError) -> Int? {
        guard let text = message["Content-Length"] else { return nil }
        guard let length = Int(text), length >= 0 else {
            throw SIPParseError(kind: .badContentLength, detail: "Content-Length is \(text.prefix(20))")
        }
        return length
    }
}

extension SIPParser {
    /// The start line and headers of a message that failed to parse as a whole (a wrong Content-Length, a body too
    /// large, header bytes that are not UTF-8, a header line without a colon), so the error can still be answered;
    /// nil when even they cannot be read.
    static func bestEffortHead<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes) -> SIPMessage? where Bytes.Index == Int {
        guard let end = headerEnd(bytes) else { return nil }
        return try? head(bytes.prefix(end.head), lenient: true)
    }
}
