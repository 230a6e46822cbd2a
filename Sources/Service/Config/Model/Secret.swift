extension ServeConfig {
    /// Where a camera's password comes from; the config never holds the password itself.
    public enum Secret: Sendable, Equatable, CustomStringConvertible {
        /// An environment variable of the service.
        case env(String)
        /// The first line of a file (absolute path), trimmed.
        case file(String)

        public var description: String {
            switch self {
            case .env(let name): "env \(name)"
            case .file(let path): "file \(path)"
            }
        }
    }
}

/// A password read at load: compared (so a changed password changes the camera), never shown — its description,
/// debug description and reflection are all `***`.
struct SecretValue: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    let value: String

    var description: String { "***" }
    var debugDescription: String { "***" }
    var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
