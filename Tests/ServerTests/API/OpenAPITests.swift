import Foundation
import Hummingbird
import Incidents
import Prometheus
import Testing
import Yams
@testable import Server

/// The served OpenAPI description and the router agree: every route documented, nothing documented that is not served.
struct OpenAPITests {
    @Test func everyRouteIsDocumentedAndNothingElse() throws {
        let text = try #require(OpenAPISpec.text)
        let spec = try #require(try Yams.load(yaml: text) as? [String: Any])
        #expect(spec["openapi"] as? String == "3.1.0")
        let paths = try #require(spec["paths"] as? [String: [String: Any]])
        let methods: Set<String> = ["get", "post", "put", "patch", "delete"]
        let documented = Set(paths.flatMap { path, operations in
            operations.keys.filter(methods.contains).map { "\($0.uppercased()) \(path)" }
        })
        let router = buildRouter(status: EmptyStatus(), registry: PrometheusCollectorRegistry(), api: APIServices(store: try IncidentStore()))
        let served = Set(router.routes.map { route in
            let path = "\(route.path)"
            return "\(route.method) \(path.hasPrefix("/") ? path : "/" + path)"
        })
        #expect(served.subtracting(documented).isEmpty, "served but not documented: \(served.subtracting(documented).sorted())")
        #expect(documented.subtracting(served).isEmpty, "documented but not served: \(documented.subtracting(served).sorted())")
    }

    @Test func theSpecIsValidOpenAPI() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        // scripts/install-test-tools.sh puts the validator in .venv-tools.
        let python = root.appendingPathComponent(".venv-tools/bin/python3").path
        let validator = try ChildProcessResult.run(python, ["-c", """
            import sys
            from openapi_spec_validator import validate
            from openapi_spec_validator.readers import read_from_filename
            validate(read_from_filename(sys.argv[1])[0])
            print("valid")
            """, root.appendingPathComponent("Sources/Server/Resources/openapi.yaml").path])
        #expect(validator.output.contains("valid"), "\(validator)")
    }

    @Test func theSpecIsServed() async throws {
        let fixture = try APIFixture()
        try await fixture.withServer { api in
            let reply = try await api.call("/openapi.yaml", as: "patrol")
            #expect(reply.status == 200 && reply.body.hasPrefix("openapi: 3.1.0"))
        }
    }
}

/// A short command run to completion (the spec validator).
struct ChildProcessResult: CustomStringConvertible {
    var status: Int32
    var output: String

    static func run(_ executable: String, _ arguments: [String]) throws -> ChildProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ChildProcessResult(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    var description: String { "exit \(status): \(output)" }
}
