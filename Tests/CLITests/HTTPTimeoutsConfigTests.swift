import Foundation
import TestSupport
import Testing

/// `http.timeouts` in the serve config: seconds, more than 0 and at most an hour; anything else is refused with its
/// field named, as every config error is.
@Suite(.childProcesses)
struct HTTPTimeoutsConfigTests {
    @Test(arguments: [
        ("{head: 0}", "http.timeouts.head"), ("{body: .nan}", "http.timeouts.body"), ("{idle: 7200}", "http.timeouts.idle"),
        ("{head: ten}", "http.timeouts.head"), ("{heed: 10}", "http.timeouts.heed"), ("5", "http.timeouts"),
    ])
    func badTimeoutsAreRefusedWithTheirField(timeouts: String, field: String) async throws {
        let path = try temporaryDirectory("http-timeouts").appendingPathComponent("sharpeyes.yaml").path
        try "storage: {database: db.sqlite}\nhttp: {listen: '127.0.0.1:8080', timeouts: \(timeouts)}\ncameras: []\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let check = try await SharpEyesBinary.run(["config", "check", path], timeout: 30)
        #expect(check.status == 1, "\(timeouts): \(check.stdout) \(check.stderr)")
        #expect(check.stderr.contains(field), "\(timeouts): \(check.stderr)")
    }

    @Test func goodTimeoutsPass() async throws {
        let path = try temporaryDirectory("http-timeouts").appendingPathComponent("sharpeyes.yaml").path
        try "storage: {database: db.sqlite}\nhttp: {listen: '127.0.0.1:8080', timeouts: {head: 2.5, body: 20, idle: 90}}\ncameras: []\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let check = try await SharpEyesBinary.run(["config", "check", path], timeout: 30)
        #expect(check.status == 0, "\(check.stdout) \(check.stderr)")
    }
}
