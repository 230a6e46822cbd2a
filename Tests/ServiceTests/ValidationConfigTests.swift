import Foundation
import Service
import Testing

/// Configs that read well but that `serve` cannot run are refused when read, by `config check` and `serve` alike.
struct ValidationConfigTests {
    static func storage(_ database: String) -> String { "storage: {database: \(database)}\n" }

    static let gb = """
        gb28181:
          id: "34020000002000000001"
          media_address: 127.0.0.1
          listen: 127.0.0.1:8080

        """

    @Test(arguments: [
        ("\"\"", "storage.database: must not be empty"),
        ("/dev/null", "storage.database: '/dev/null' is not a regular file (a device or a pipe)"),
        ("/tmp", "storage.database: '/tmp' is a folder: give the path of the database file in it"),
        ("/dev/null/db.sqlite", "storage.database: '/dev/null/db.sqlite' cannot be created: /dev/null is not a folder"),
    ])
    func aDatabasePathServeCannotOpenIsRefused(database: String, message: String) throws {
        let error = try #require(loadError(Self.storage(database)))
        #expect("\(error)".contains(message), "\(error)")
    }

    @Test func aDatabaseFileOrANewPathIsAccepted() throws {
        let folder = try temporaryFolder()
        _ = FileManager.default.createFile(atPath: folder + "/existing.sqlite", contents: Data())
        _ = try load(Self.storage(folder + "/existing.sqlite"))
        _ = try load(Self.storage(folder + "/new/deeper/db.sqlite"))
    }

    @Test(arguments: ["127.0.0.1:8080", "0.0.0.0:8080", "[::]:8080"])
    func gbOnTheHTTPPortIsRefused(http: String) throws {
        let yaml = minimalConfig + "http: {listen: '\(http)'}\n" + Self.gb
        let error = try #require(loadError(yaml))
        #expect("\(error)".contains("gb28181.listen: 127.0.0.1:8080 takes the HTTP server's port"), "\(error)")
    }

    @Test func gbOnItsOwnPortIsAccepted() throws {
        _ = try load(minimalConfig + "http: {listen: '127.0.0.1:8081'}\n" + Self.gb)
        _ = try load(minimalConfig + "http: {listen: '127.0.0.2:8080'}\n" + Self.gb)
    }
}
