import Foundation

/// Files the server ships (openapi.yaml, the console): SwiftPM's resource bundle beside the binary, else the source
/// tree it was built from. Nil when neither has them, so a binary copied without its bundle answers with the reason
/// instead of crashing as `Bundle.module` would.
enum ServerResources {
    static func locate(_ relativePath: String) -> URL? {
        let candidates = [
            Bundle.main.bundleURL.appendingPathComponent("SharpEyes_Server.resources/\(relativePath)"),
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("Resources/\(relativePath)"),
        ]
        return candidates.first { FileManager.default.fileExists(atPath: $0.path) }
    }
}
