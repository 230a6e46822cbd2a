public import Hummingbird

/// Every error the status server sends. It maps each kind to its HTTP status here and nowhere else,
/// and always answers with `{"error": "<message>", "code": "<code>"}`: the message for a person reading the API, the
/// code (stable, snake_case) for the console, which shows it in the reader's language.
public struct ServerError: HTTPResponseError, Sendable, CustomStringConvertible {
    private enum Internal: Sendable {
        case cameraNotFound(String)
        case routeNotFound(method: String, path: String)
        case http(HTTPResponse.Status, message: String?, code: String?, headers: HTTPFields)
        case internalError
    }

    private let value: Internal
    private init(_ value: Internal) { self.value = value }

    public static func cameraNotFound(_ id: String) -> Self { .init(.cameraNotFound(id)) }
    public static func routeNotFound(method: String, path: String) -> Self { .init(.routeNotFound(method: method, path: path)) }
    /// An error Hummingbird (or a middleware such as an authenticator) raised with its own status.
    /// `code` names the message for the console; without one, the status's (`ErrorCode.forStatus`).
    public static func http(_ status: HTTPResponse.Status, message: String? = nil, code: String? = nil,
                            headers: HTTPFields = [:]) -> Self {
        .init(.http(status, message: message, code: code, headers: headers))
    }
    public static func badRequest(_ message: String) -> Self { .http(.badRequest, message: message) }
    public static func notFound(_ message: String) -> Self { .http(.notFound, message: message) }
    public static func forbidden(_ message: String) -> Self { .http(.forbidden, message: message) }
    /// Anything unexpected; the details go to the log, not to the client.
    public static var internalError: Self { .init(.internalError) }

    public var status: HTTPResponse.Status {
        switch value {
        case .cameraNotFound, .routeNotFound: .notFound
        case .http(let status, _, _, _): status
        case .internalError: .internalServerError
        }
    }

    public var description: String {
        switch value {
        case .cameraNotFound(let id): "no camera '\(id)'"
        case .routeNotFound(let method, let path): "no route for \(method) \(path)"
        case .http(let status, let message, _, _): message ?? status.reasonPhrase.lowercased()
        case .internalError: "internal error"
        }
    }

    /// The stable name of the message (`ErrorCode`).
    public var code: String {
        switch value {
        case .cameraNotFound: ErrorCode.cameraNotFound
        case .routeNotFound: ErrorCode.routeNotFound
        case .http(let status, _, let code, _): code ?? ErrorCode.forStatus(status)
        case .internalError: ErrorCode.internalError
        }
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = try context.responseEncoder.encode(ErrorBody(error: description, code: code), from: request, context: context)
        response.status = status
        if case .http(_, _, _, let headers) = value {
            response.headers.append(contentsOf: headers)
        }
        return response
    }
}

/// The JSON body of every error response.
public struct ErrorBody: Codable, Sendable, Equatable {
    public var error: String
    public var code: String?

    public init(error: String, code: String? = nil) {
        self.error = error
        self.code = code
    }
}
