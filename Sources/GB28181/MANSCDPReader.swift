import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads a MANSCDP body with libxml2 (through Foundation's `XMLParser`) into its elements in document order.
///
/// The bodies are untrusted network input, so: no DTD at all (MANSCDP has none; it is where entity expansion and
/// external entities live), external entities unresolved, the size and the nesting depth bounded. Devices put a
/// bare `&` in names an installer typed; it is read as itself, as the element-name scanner before this did.
enum MANSCDPReader {
    /// Bodies over this many UTF-8 bytes are refused (a SIP body is at most 64 KiB of GB18030).
    static let sizeLimit = 256 << 10
    /// Elements nested deeper are refused (a Catalog answer nests four deep).
    static let depthLimit = 16

    /// One element: its name, its own text (character data and CDATA, trimmed), and the index after its last
    /// descendant, so that `elements[index + 1 ..< end]` are the elements inside it.
    struct Element: Sendable, Equatable {
        let name: String
        var text: String
        var end: Int
    }

    /// The elements of `text`, the root first.
    static func elements(_ text: String) throws(MANSCDPError) -> [Element] {
        guard text.utf8.count <= sizeLimit else { throw MANSCDPError("a body of \(text.utf8.count) bytes") }
        guard text.range(of: "<!DOCTYPE", options: .caseInsensitive) == nil, !text.contains("<!ENTITY") else {
            throw MANSCDPError("a DTD is not allowed")
        }
        let parser = XMLParser(data: Data(prepared(text).utf8))
        parser.shouldResolveExternalEntities = false
        let delegate = Delegate()
        parser.delegate = delegate
        let parsed = parser.parse()
        if let refusal = delegate.refusal { throw MANSCDPError(refusal) }
        guard parsed, !delegate.elements.isEmpty else {
            let reason = parser.parserError.map { "\($0.localizedDescription)" } ?? "no root element"
            throw MANSCDPError("not well-formed XML at line \(parser.lineNumber): \(reason.prefix(120))")
        }
        // Foundation's parser on Linux feeds libxml2 without ending the document, so an end that never came goes
        // unreported: checked here.
        if let open = delegate.open.first {
            throw MANSCDPError("not well-formed XML: the \(delegate.elements[open].name.prefix(20)) element is not closed")
        }
        return delegate.elements
    }

    /// `text` as libxml2 should read it: the XML declaration dropped (it names GB2312, but the text is already
    /// decoded, and libxml2 would decode the UTF-8 again), bare ampersands outside CDATA escaped, and trailing NULs,
    /// which some firmware sends, dropped.
    static func prepared(_ text: String) -> String {
        var text = Substring(text).drop { $0.isWhitespace || $0 == "\u{FEFF}" }
        if text.hasPrefix("<?xml"), let end = text.range(of: "?>") { text = text[end.upperBound...] }
        while let last = text.last, last == "\0" || last.isWhitespace { text = text.dropLast() }
        guard text.contains("&") else { return String(text) }
        // CDATA sections are taken as they are: an `&` there is text already.
        var result = "", rest = text
        while let open = rest.range(of: "<![CDATA[") {
            result += escapingBareAmpersands(rest[..<open.lowerBound])
            let close = rest[open.upperBound...].range(of: "]]>")?.upperBound ?? rest.endIndex
            result += rest[open.lowerBound..<close]
            rest = rest[close...]
        }
        return result + escapingBareAmpersands(rest)
    }

    /// `&` that does not start a character or entity reference, as `&amp;`; in one pass, whatever the input.
    static func escapingBareAmpersands(_ text: Substring) -> String {
        let bytes = Array(text.utf8)
        var escaped: [UInt8] = []
        escaped.reserveCapacity(bytes.count)
        for (index, byte) in bytes.enumerated() {
            escaped.append(byte)
            if byte == UInt8(ascii: "&"), !isReference(bytes, from: index + 1) { escaped += "amp;".utf8 }
        }
        return String(decoding: escaped, as: UTF8.self)
    }

    /// Whether `bytes` from `start` finish a reference: `#digits;`, `#xhex;` or `name;`.
    static func isReference(_ bytes: [UInt8], from start: Int) -> Bool {
        func isLetter(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x5F }
        func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }
        func isHex(_ byte: UInt8) -> Bool { isDigit(byte) || (0x61...0x66).contains(byte | 0x20) }
        var index = start
        let allowed: (UInt8) -> Bool
        if index < bytes.count, bytes[index] == UInt8(ascii: "#") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "x") {
                index += 1
                allowed = isHex
            } else {
                allowed = isDigit
            }
        } else {
            guard index < bytes.count, isLetter(bytes[index]) else { return false }
            allowed = { isLetter($0) || isDigit($0) || $0 == 0x2E || $0 == 0x2D }
        }
        let first = index
        while index < bytes.count, allowed(bytes[index]) { index += 1 }
        return index > first && index < bytes.count && bytes[index] == UInt8(ascii: ";")
    }

    private final class Delegate: NSObject, XMLParserDelegate {
        var elements: [Element] = []
        /// Indices of the elements open now, innermost last.
        var open: [Int] = []
        var refusal: String?

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            guard open.count > 0 || elements.isEmpty else {
                refusal = "not well-formed XML: an element after the root element"
                return parser.abortParsing()
            }
            guard open.count < MANSCDPReader.depthLimit else {
                refusal = "elements nested more than \(MANSCDPReader.depthLimit) deep"
                return parser.abortParsing()
            }
            open.append(elements.count)
            elements.append(Element(name: name, text: "", end: elements.count + 1))
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            guard let index = open.popLast() else { return }
            elements[index].end = elements.count
            elements[index].text = elements[index].text.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if let index = open.last { elements[index].text += string }
        }

        func parser(_ parser: XMLParser, foundCDATA block: Data) {
            if let index = open.last { elements[index].text += String(decoding: block, as: UTF8.self) }
        }
    }
}
