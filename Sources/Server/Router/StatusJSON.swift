import Foundation
import Incidents

/// The JSON of the status API, shared by the server and `StatusClient`: the project's one dialect.
enum StatusJSON {
    static func encoder() -> JSONEncoder { JSONDialect.encoder() }

    static func decoder() -> JSONDecoder { JSONDialect.decoder() }
}
