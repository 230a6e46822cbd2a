import Foundation
import PostgresNIO
@testable import PostgresStore
import TestSupport
import Testing

/// TLS as PostgresNIO offers it: required and verified against the server's certificate, and a clear refusal from a
/// server that does not offer it.
struct PostgresTLSTests {
    @Test func aRequiredTLSConnectionIsEncryptedAndVerified() async throws {
        let cluster = try await PostgresCluster.startPrivate(tls: true)
        try await cluster.withDatabase { database in
            var configuration = database.configuration
            configuration.tls = .require(caFile: cluster.certificate)
            let encrypted = try await PostgresStore.withStore(configuration, logger: quietLogger) { store in
                try await store.rows("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")[0].value("ssl", as: Bool.self)
            }
            #expect(encrypted)
            configuration.tls = .require(caFile: nil)
            let error = await #expect(throws: PostgresStoreError.self) {
                try await PostgresStore.withStore(configuration, logger: quietLogger) { _ in }
            }
            #expect(error?.kind == .unreachable, "a self-signed certificate the system does not trust: \(String(describing: error))")
        }
    }

    @Test func aServerWithoutTLSIsRefusedWhenTLSIsRequired() async throws {
        try await PostgresCluster.shared().withDatabase { database in
            var configuration = database.configuration
            configuration.tls = .require(caFile: nil)
            let error = await #expect(throws: PostgresStoreError.self) {
                try await PostgresStore.withStore(configuration, logger: quietLogger) { _ in }
            }
            #expect(error?.description.contains("does not offer TLS") == true, "\(String(describing: error))")
        }
    }
}
