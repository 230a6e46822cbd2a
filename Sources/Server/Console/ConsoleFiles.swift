import Foundation

/// Where the console's HTML, CSS and JavaScript are (see `ServerResources`). `nil` when they are missing: the
/// server still runs, and `/` says the console is not installed.
enum ConsoleFiles {
    static let folder: URL? = ServerResources.locate("console/index.html")?.deletingLastPathComponent()
}
