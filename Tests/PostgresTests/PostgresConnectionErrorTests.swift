import Foundation
import PostgresStore
import TestSupport
import Testing

/// A server that is not there, or that refuses the login, is a clear error at once, not a hang.
struct PostgresConnectionErrorTests {
    @Test func anUnreachableServerIsAClearErrorNotAHang() async throws {
        let configuration = PostgresStore.Configuration(host: "127.0.0.1", port: freePort(), user: "sharpeyes",
                                                        password: "x", database: "none")
        let error = await #expect(throws: PostgresStoreError.self) {
            try await PostgresStore.withStore(configuration, logger: quietLogger) { _ in }
        }
        #expect(error?.kind == .unreachable)
        #expect(error?.description.hasPrefix("cannot reach postgres 127.0.0.1:\(configuration.port)/none: ") == true,
                "\(String(describing: error))")
    }

    @Test func aWrongPasswordIsRefusedWithoutPrintingIt() async throws {
        let cluster = try await PostgresCluster.shared()
        let wrong = "not-the-Pa55word-\(UInt32.random(in: 0...UInt32.max))"
        let configuration = PostgresStore.Configuration(host: "127.0.0.1", port: cluster.port, user: PostgresCluster.user,
                                                        password: wrong, database: "postgres")
        let error = await #expect(throws: PostgresStoreError.self) {
            try await PostgresStore.withStore(configuration, logger: quietLogger) { _ in }
        }
        #expect(error?.kind == .authentication)
        #expect(error?.sqlState == "28P01")
        #expect(error?.description.contains("password authentication failed") == true, "\(String(describing: error))")
        #expect(error?.description.contains(wrong) == false)
        #expect(error.map { String(reflecting: $0) }?.contains(wrong) == false)
    }

    @Test func aPasswordInTheURLIsRefused() throws {
        #expect(throws: PostgresStoreError.self) { try PostgresStore.Configuration(url: "postgres://u:secret@db/x", password: nil) }
        let parsed = try PostgresStore.Configuration(url: "postgres://sharpeyes@db.example:5433/city", password: "p")
        #expect(parsed.server == "db.example:5433/city" && parsed.user == "sharpeyes" && parsed.tls == .disable)
        let tls = try PostgresStore.Configuration(url: "postgres://u@db/x?sslmode=require&sslrootcert=/etc/ca.pem", password: nil)
        #expect(tls.tls == .require(caFile: "/etc/ca.pem"))
        #expect(throws: PostgresStoreError.self) { try PostgresStore.Configuration(url: "postgres://u@db/x?sslmode=maybe", password: nil) }
    }
}
