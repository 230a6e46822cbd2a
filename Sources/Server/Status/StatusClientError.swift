/// Why `sharpeyes status` could not show the cameras, in words a person can act on.
public struct StatusClientError: Error, Sendable, CustomStringConvertible {
    private enum Internal: Sendable {
        case invalidURL(String)
        case unreachable(url: String, reason: String)
        case httpStatus(url: String, status: Int, message: String?)
        case invalidResponse(url: String, reason: String)
    }

    private let value: Internal
    private init(_ value: Internal) { self.value = value }

    public static func invalidURL(_ url: String) -> Self { .init(.invalidURL(url)) }
    public static func unreachable(_ url: String, reason: String) -> Self { .init(.unreachable(url: url, reason: reason)) }
    public static func httpStatus(_ url: String, status: Int, message: String?) -> Self {
        .init(.httpStatus(url: url, status: status, message: message))
    }
    public static func invalidResponse(_ url: String, reason: String) -> Self {
        .init(.invalidResponse(url: url, reason: reason))
    }

    public var description: String {
        switch value {
        case .invalidURL(let url):
            "'\(url)' is not an http:// or https:// URL"
        case .unreachable(let url, let reason):
            "cannot reach \(url): \(reason)"
        case .httpStatus(let url, let status, let message):
            "\(url) answered \(status)" + (message.map { ": \($0)" } ?? "")
        case .invalidResponse(let url, let reason):
            "\(url) sent something that is not a camera list: \(reason)"
        }
    }
}
