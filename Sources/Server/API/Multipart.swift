import Foundation
import Hummingbird
import MultipartKit

/// Reads a `multipart/form-data` body (photo uploads) into `Form`, within the context's upload limit (413 above
/// it). Anything that is not a well-formed form with the expected fields is a 400 that says what was expected.
enum Multipart {
    static func decode<Form: Decodable>(_ form: Form.Type, from request: Request, context: ServerRequestContext,
                                        expecting fields: String) async throws -> Form {
        guard let type = request.headers[.contentType], type.lowercased().hasPrefix("multipart/form-data") else {
            throw ServerError.http(.unsupportedMediaType, message: "send multipart/form-data with \(fields)")
        }
        guard let boundary = boundary(of: type) else {
            throw ServerError.badRequest("the multipart boundary must be 1 to 70 of the characters RFC 2046 allows")
        }
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        do {
            return try FormDataDecoder().decode(Form.self, from: body, boundary: boundary)
        } catch {
            throw ServerError.badRequest("the form could not be read (expected \(fields))")
        }
    }

    /// The boundary, when RFC 2046 allows it (1 to 70 of its characters, not ending in a space): anything else is
    /// refused before the body is read, so such an upload is answered at once.
    private static func boundary(of contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].lowercased() == "boundary" else { continue }
            let value = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            return isValidBoundary(value) ? value : nil
        }
        return nil
    }

    private static let boundaryCharacters = Set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=? ".utf8)

    private static func isValidBoundary(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        return (1...70).contains(bytes.count) && bytes.last != UInt8(ascii: " ") && bytes.allSatisfy(boundaryCharacters.contains)
    }
}
