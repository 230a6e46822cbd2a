public import Hummingbird
public import HummingbirdAuth
public import Foundation

/// The request context of the server: the caller (set by the token authenticator) and the JSON dialect.
public struct ServerRequestContext: AuthRequestContext {
    public var coreContext: CoreRequestContextStorage
    public var identity: Caller?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// snake_case keys and ISO 8601 dates, as the API documents them.
    public var responseEncoder: JSONEncoder { StatusJSON.encoder() }
    public var requestDecoder: JSONDecoder { StatusJSON.decoder() }

    /// Photo uploads (face watchlist, search by photo) are the largest bodies: 8 MiB; larger is 413.
    public var maxUploadSize: Int { 8 * 1024 * 1024 }
}
