import Foundation
import Hummingbird
import MultipartKit

/// Reads a `multipart/form-data` body (photo uploads) into `Form`, within the context's upload limit (413 above
/// it). Anything that is not a well-formed form with the expected fields is a 400 that says what was expected.
enum Multipart {
    static func decode<Form: Decodable>(_ form: Form.Type, from request: Request, context: ServerRequestContext,
                                        expecting fields: String) async throws -> Form {
        guard let type = request.headers[.contentType], type.lowercased().hasPrefix("multipart/form-data"),
              let boundary = boundary(of: type) else {
            throw ServerError.http(.unsupportedMediaType, message: "send multipart/form-data with \(fields)")
        }
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        do {
            return try FormDataDecoder().decode(Form.self, from: body, boundary: boundary)
        } catch {
            throw ServerError.badRequest("the form could not be read (expected \(fields))")
        }
    }

    private static func boundary(of contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].lowercased() == "boundary" else { continue }
            let value = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            return value.isEmpty || value.count > 200 ? nil : value
        }
        return nil
    }
}
