public import Foundation

/// What an image file holds, by its first bytes: what the watchlist serves and how an upload is named when kept.
public enum ImageBytes {
    /// `image/jpeg` or `image/png`; nil for anything else (a row pointing at another file serves nothing).
    public static func contentType(of bytes: Data) -> String? {
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return "image/png" }
        return nil
    }
}
