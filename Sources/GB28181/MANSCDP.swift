import Foundation

/// A MANSCDP message (GB/T 28181 Annex A): an XML body whose root is `Query`, `Control`, `Notify` or `Response`,
/// with a `CmdType`, a serial number `SN` and a `DeviceID`.
///
/// Bodies are small and flat, so they are read by element name rather than with an XML library: the root must be
/// closed, and the elements read must be well formed; anything else is a `MANSCDPError`.
public struct MANSCDPMessage: Sendable, Equatable {
    public let root: String
    public let cmdType: String
    public let sn: Int?
    public let deviceID: String?
    /// The text inside the root element.
    let content: Substring

    public struct Item: Sendable, Equatable {
        public let deviceID: String
        public let name: String
        public let status: String?
        public let parentID: String?

        public init(deviceID: String, name: String, status: String?, parentID: String?) {
            self.deviceID = deviceID
            self.name = name
            self.status = status
            self.parentID = parentID
        }
    }

    public init(body: [UInt8]) throws(MANSCDPError) {
        guard let text = GB18030.decode(body) else { throw MANSCDPError("the body is not GB18030 text") }
        try self.init(text: text)
    }

    public init(text: String) throws(MANSCDPError) {
        var rest = Substring(text)
        if let declaration = rest.range(of: "?>"), rest.hasPrefix("<?") || rest.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("<?") {
            rest = rest[declaration.upperBound...]
        }
        guard let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">") else {
            throw MANSCDPError("no root element")
        }
        let root = String(rest[rest.index(after: open)..<close]).split(separator: " ").first.map(String.init) ?? ""
        guard ["Query", "Control", "Notify", "Response"].contains(root) else {
            throw MANSCDPError("root element \(root.prefix(20)) is not Query, Control, Notify or Response")
        }
        guard let end = rest.range(of: "</\(root)>", options: .backwards), end.lowerBound > close else {
            throw MANSCDPError("the \(root) element is not closed")
        }
        content = rest[rest.index(after: close)..<end.lowerBound]
        guard let cmdType = Self.value("CmdType", in: content), !cmdType.isEmpty else { throw MANSCDPError("no CmdType") }
        self.root = root
        self.cmdType = cmdType
        sn = Self.value("SN", in: content).flatMap { Int($0) }
        deviceID = Self.value("DeviceID", in: content)
    }

    /// The text of the first element `name` directly or deeper inside the root.
    public func value(_ name: String) -> String? { Self.value(name, in: content) }

    /// The `Item`s of a Catalog answer's `DeviceList`.
    public var items: [Item] {
        Self.elements("Item", in: content).compactMap { item in
            guard let id = Self.value("DeviceID", in: item) else { return nil }
            return Item(deviceID: id, name: Self.value("Name", in: item) ?? id, status: Self.value("Status", in: item),
                        parentID: Self.value("ParentID", in: item))
        }
    }

    static func value(_ name: String, in text: Substring) -> String? {
        elements(name, in: text).first.map { unescaped($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    static func elements(_ name: String, in text: Substring) -> [Substring] {
        var found: [Substring] = []
        var rest = text
        while let open = rest.range(of: "<\(name)") {
            guard let tagEnd = rest[open.upperBound...].firstIndex(of: ">") else { break }
            let attributes = rest[open.upperBound..<tagEnd]
            guard attributes.isEmpty || attributes.first == " " || attributes == "/" else {
                rest = rest[tagEnd...]
                continue
            }
            if attributes.hasSuffix("/") { found.append(""); rest = rest[tagEnd...]; continue }
            let inner = rest.index(after: tagEnd)
            guard let close = rest[inner...].range(of: "</\(name)>") else { break }
            found.append(rest[inner..<close.lowerBound])
            rest = rest[close.upperBound...]
        }
        return found
    }

    static func unescaped(_ text: String) -> String {
        guard text.contains("&") else { return text }
        return text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// A `Query` the platform sends (Catalog, DeviceInfo …), declared GB2312 as devices expect.
    public static func query(_ cmdType: String, sn: Int, deviceID: String) -> [UInt8] {
        Array("""
        <?xml version="1.0" encoding="GB2312"?>\r
        <Query>\r
        <CmdType>\(cmdType)</CmdType>\r
        <SN>\(sn)</SN>\r
        <DeviceID>\(deviceID)</DeviceID>\r
        </Query>\r

        """.utf8)
    }
}

/// A MANSCDP body that cannot be read.
public struct MANSCDPError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
