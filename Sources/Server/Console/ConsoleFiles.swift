import Foundation

/// Where the console's HTML, CSS and JavaScript are: SwiftPM's resource bundle beside the binary, else the source
/// tree it was built from (as `OpenAPISpec` finds openapi.yaml). `nil` when neither has them: the server still
/// runs, and `/` says the console is not installed.
enum ConsoleFiles {
    static let folder: URL? = {
        let candidates = [
            Bundle.main.bundleURL.appendingPathComponent("SharpEyes_Server.resources/console"),
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("Resources/console"),
        ]
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("index.html").path) }
    }()
}
