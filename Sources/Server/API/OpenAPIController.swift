import Foundation
import Hummingbird

/// `GET /openapi.yaml`: the API's OpenAPI 3.1 description, `Sources/Server/Resources/openapi.yaml`, installed
/// beside the binary in SwiftPM's resource bundle. The tests check it against the routes the router serves.
struct OpenAPIController: Sendable {
    func addRoutes(to group: RouterGroup<ServerRequestContext>) {
        group.get(use: spec)
    }

    @Sendable func spec(_ request: Request, context: ServerRequestContext) throws -> Response {
        _ = try context.caller(needing: .incidents)
        guard let text = OpenAPISpec.text else {
            throw ServerError.http(.internalServerError, message: "openapi.yaml is not installed beside the binary")
        }
        return Response(status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// The spec's text, read once (see `ServerResources`).
public enum OpenAPISpec {
    public static let text: String? = ServerResources.locate("openapi.yaml").flatMap { try? String(contentsOf: $0, encoding: .utf8) }
}
