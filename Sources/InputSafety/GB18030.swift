import Foundation

/// GB18030, the superset of GB2312 and GBK. GB/T 28181 XML bodies are GB2312 or GBK by their header and often
/// neither in fact (names with characters outside GB2312, or UTF-8 from newer firmware), so every body is decoded as
/// GB18030 whatever its XML declaration says; a hotlist saved by a Chinese spreadsheet is GBK.
public enum GB18030 {
    /// Foundation's GB18030 (`kCFStringEncodingGB_18030_2000` as an NSStringEncoding), which Linux Foundation
    /// decodes through ICU.
    static let encoding = String.Encoding(rawValue: 0x8000_0632)

    /// The text of `bytes`; nil when they are not GB18030 (nor ASCII).
    public static func decode(_ bytes: [UInt8]) -> String? {
        if let ascii = String(validating: bytes, as: UTF8.self), ascii.utf8.allSatisfy({ $0 < 0x80 }) { return ascii }
        return String(data: Data(bytes), encoding: encoding)
    }

    /// `text` as GB18030 bytes (every Unicode character has one).
    public static func encode(_ text: String) -> [UInt8] {
        text.data(using: encoding).map(Array.init) ?? Array(text.utf8)
    }
}
