import Hummingbird

extension Request {
    /// The JSON body as `type`. Unlike `decode(as:context:)`, which turns a decoding error into a 400 whose English
    /// text names the field, the error reaches `ErrorMiddleware` as it is, which names the field for the console
    /// (`missing_field`, `invalid_input`).
    func decodeJSON<T: Decodable>(as type: T.Type, context: ServerRequestContext) async throws -> T {
        try await context.requestDecoder.decode(type, from: self, context: context)
    }
}
