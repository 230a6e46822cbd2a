public import Hummingbird
public import Foundation

/// The request context of the status server. The API-token issue adds the caller's identity here.
public struct ServerRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// snake_case keys and ISO 8601 dates, as the status API documents them.
    public var responseEncoder: JSONEncoder { StatusJSON.encoder() }
}
