public import Foundation

/// The one JSON dialect SharpEyes speaks to the outside (the HTTP API and its status client, dispatch payloads):
/// snake_case keys, ISO 8601 dates, keys sorted (stable bytes, so a payload's signature is reproducible) and
/// slashes left unescaped (URLs stay readable).
///
/// ```swift
/// let body = try JSONDialect.encoder().encode(payload)
/// let payload = try JSONDialect.decoder().decode(Payload.self, from: body)
/// ```
public enum JSONDialect {
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
