public import Hummingbird

/// Every error the status server sends. It maps each kind to its HTTP status here and nowhere else,
/// and always answers with `{"error": "<message>", "code": "<code>"}`: the message for a person reading the API, the
/// code (stable, snake_case) for the console, which shows it in the reader's language.
public struct ServerError: HTTPResponseError, Sendable, CustomStringConvertible {
    private enum Internal: Sendable {
        case cameraNotFound(String)
        case routeNotFound(method: String, path: String)
        case http(HTTPResponse.Status, message: String?, code: String?, headers: HTTPFields)
        case invalid(field: String?, line: Int?, message: String)
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
    /// A value the caller gave cannot be used (400, `invalid_input`): `field` names it (a query parameter, a form
    /// field) and `line` the line of an uploaded file, so the console can say which in the reader's language.
    public static func invalid(field: String?, line: Int? = nil, message: String) -> Self {
        .init(.invalid(field: field, line: line, message: message))
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
        case .invalid: .badRequest
        case .internalError: .internalServerError
        }
    }

    public var description: String {
        switch value {
        case .cameraNotFound(let id): "no camera '\(id)'"
        case .routeNotFound(let method, let path): "no route for \(method) \(path)"
        case .http(let status, let message, _, _): message ?? status.reasonPhrase.lowercased()
        case .invalid(_, _, let message): message
        case .internalError: "internal error"
        }
    }

    /// The stable name of the message (`ErrorCode`).
    public var code: String {
        switch value {
        case .cameraNotFound: ErrorCode.cameraNotFound
        case .routeNotFound: ErrorCode.routeNotFound
        case .http(let status, _, let code, _): code ?? ErrorCode.forStatus(status)
        case .invalid: ErrorCode.invalidInput
        case .internalError: ErrorCode.internalError
        }
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var body = ErrorBody(error: description, code: code)
        if case .invalid(let field, let line, _) = value { (body.field, body.line) = (field, line) }
        var response = try context.responseEncoder.encode(body, from: request, context: context)
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
    /// The parameter or field an `invalid_input` error is about, when it is one.
    public var field: String?
    /// The line of an uploaded file an `invalid_input` error is about (1 is the first).
    public var line: Int?

    public init(error: String, code: String? = nil, field: String? = nil, line: Int? = nil) {
        (self.error, self.code, self.field, self.line) = (error, code, field, line)
    }
}
