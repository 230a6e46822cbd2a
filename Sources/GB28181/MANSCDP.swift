import Foundation
import InputSafety

/// A MANSCDP message (GB/T 28181 Annex A): an XML body whose root is `Query`, `Control`, `Notify` or `Response`,
/// with a `CmdType`, a serial number `SN` and a `DeviceID`.
///
/// Bodies are read with an XML parser (`MANSCDPReader`): character references and CDATA decode, and a body that
/// is not well-formed, too large, too deep or declares entities is a `MANSCDPError`.
public struct MANSCDPMessage: Sendable, Equatable {
    public let root: String
    public let cmdType: String
    public let sn: Int?
    public let deviceID: String?
    /// The elements inside the root, in document order.
    let elements: ArraySlice<MANSCDPReader.Element>

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
        let all = try MANSCDPReader.elements(text)
        let root = all[0].name
        guard ["Query", "Control", "Notify", "Response"].contains(root) else {
            throw MANSCDPError("root element \(root.prefix(20)) is not Query, Control, Notify or Response")
        }
        elements = all.dropFirst()
        guard let cmdType = Self.value("CmdType", in: elements), !cmdType.isEmpty else { throw MANSCDPError("no CmdType") }
        self.root = root
        self.cmdType = cmdType
        sn = Self.value("SN", in: elements).flatMap { Int($0) }
        deviceID = Self.value("DeviceID", in: elements)
    }

    /// The text of the first element `name` directly or deeper inside the root.
    public func value(_ name: String) -> String? { Self.value(name, in: elements) }

    /// The `Item`s of a Catalog answer's `DeviceList`.
    public var items: [Item] {
        elements.indices.filter { elements[$0].name == "Item" }.compactMap { index in
            let inside = elements[(index + 1)..<elements[index].end]
            guard let id = Self.value("DeviceID", in: inside) else { return nil }
            return Item(deviceID: id, name: Self.value("Name", in: inside) ?? id, status: Self.value("Status", in: inside),
                        parentID: Self.value("ParentID", in: inside))
        }
    }

    static func value(_ name: String, in elements: ArraySlice<MANSCDPReader.Element>) -> String? {
        elements.first { $0.name == name }?.text
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
