import Dispatching
import Foundation
import Hummingbird
import Incidents
import Logging
import NIOHTTP1
import Recognition

/// Turns whatever reaches the top of the router into a `ServerError`, so every error body is the same JSON:
/// the router's bare 404 for an unknown route, `HTTPError`s from Hummingbird or an authenticator (headers such as
/// `WWW-Authenticate` kept), malformed body framing (400), and unexpected errors (logged, then sent as a plain 500). Other `HTTPResponseError`s
/// build their own responses and pass through.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError {
            if error.status == .notFound, error.body == nil {
                throw ServerError.routeNotFound(method: request.method.rawValue, path: request.uri.path)
            }
            throw ServerError.http(error.status, message: error.body, headers: error.headers)
        } catch let error as any HTTPResponseError {
            throw error
        } catch let error as HTTPParserError {
            // A body whose framing broke while a route read it (a bad chunk size, a short body): the client's fault,
            // and the connection cannot carry another request.
            throw ServerError.http(.badRequest, message: "the request body is malformed (\(error))", headers: [.connection: "close"])
        } catch let error as HistoryQueryError {
            let names = QueryParameters.historyNames.union(["cursor", "limit"])
            throw ServerError.invalid(field: Self.subject(of: error.description, among: names), message: error.description)
        } catch let error as PlateListing.Refusal {
            let column = Self.subject(of: Self.afterLine(error.description), among: ["plate", "reason", "severity", "list"])
            throw ServerError.invalid(field: column, line: Self.line(of: error.description), message: error.description)
        } catch let error as PhotoError {
            throw ServerError.http(error.kind == .tooLarge ? .contentTooLarge : .unprocessableContent, message: error.message)
        } catch let error as DispatchError {
            let notFound = error.kind == .orderNotFound
            throw ServerError.http(notFound ? .notFound : .conflict, message: error.description,
                                   code: notFound ? ErrorCode.orderNotFound : ErrorCode.orderState)
        } catch let error as StoreError where error.kind == .busy {
            context.logger.warning("database busy", metadata: ["error": "\(error)", "http.path": "\(request.uri.path)"])
            throw ServerError.http(.serviceUnavailable, message: "the database is busy; try again", code: ErrorCode.databaseBusy,
                                   headers: [.retryAfter: "1"])
        } catch let error as DecodingError {
            throw ServerError.badRequest("the JSON body could not be read: \(Self.describe(error))")
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(error)", "http.path": "\(request.uri.path)"])
            throw ServerError.internalError
        }
    }

    // These errors come from modules that describe a problem as "name: problem" or "name must …" (and a CSV row as
    // "line N: …") rather than carry the name; only known names are taken, so other words name no field.
    private static func subject(of description: String, among names: Set<String>) -> String? {
        let name = String(description.prefix { $0 != ":" && $0 != " " })
        return names.contains(name) ? name : nil
    }

    private static func line(of description: String) -> Int? {
        guard description.hasPrefix("line "), let colon = description.firstIndex(of: ":") else { return nil }
        return Int(description.dropFirst(5)[..<colon])
    }

    private static func afterLine(_ description: String) -> String {
        guard line(of: description) != nil, let colon = description.firstIndex(of: ":") else { return description }
        return String(description[description.index(after: colon)...].drop { $0 == " " })
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _): "missing field '\(key.stringValue)'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            "wrong type at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'"
        case .dataCorrupted: "not valid JSON"
        @unknown default: "not valid JSON"
        }
    }
}
