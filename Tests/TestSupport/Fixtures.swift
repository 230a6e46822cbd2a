public import Foundation

/// Paths of the committed fixtures and of the package, found from this file's location.
public enum Fixtures {
    public static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static func path(_ relative: String) -> String {
        packageRoot.appendingPathComponent("Fixtures").appendingPathComponent(relative).path
    }

    /// The real footage: 275 frames of H.264 at 640x360, 29.97 fps.
    public static var hamilton: String { path("short_hamilton_clip.mp4") }
}

/// A fresh directory under the system temporary directory.
public func temporaryDirectory(_ label: String = "test") throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("sharpeyes-\(label)-\(UUID().uuidString.prefix(8))", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A port on loopback that nothing listens on right now.
public func freePort() -> Int {
    Int.random(in: 20_000..<45_000)
}
