import Foundation
import GRDB
import Incidents
import NIOCore
import NIOHTTP1
import Server
import TestSupport
import Testing

/// Signing a phone in with a pairing code: made by a duty officer (or `sharpeyes token pair`), exchanged once within
/// 5 minutes for a real token, wrong codes limited, every step audited.
struct PairingTests {
    static func json(_ object: [String: String]) -> ByteBuffer {
        let text = object.map { "\"\($0.key)\": \"\($0.value)\"" }.joined(separator: ", ")
        return ByteBuffer(string: "{\(text)}")
    }

    static let patrol = ["role": "patrol", "name": "Officer Wang's phone", "force": "patrol-near"]

    func pair(_ api: API, as role: String = "dispatcher", _ fields: [String: String] = patrol) async throws -> String {
        let made = try await api.call("/api/pairings", as: role, method: .POST, body: Self.json(fields))
        #expect(made.status == 201 && made.headers["cache-control"] == "no-store", "\(made.status) \(made.body)")
        return try #require(made.object["code"] as? String)
    }

    @Test func aCodeBecomesATokenOnceAndIsAudited() async throws {
        let fixture = try APIFixture()
        try await fixture.withServer { api in
            let code = try await pair(api)
            #expect(code.count == 8 && code.allSatisfy(\.isNumber))
            // A grant is no bearer token, whatever is sent as one.
            #expect(try await api.call("/api/me", token: code).status == 401)
            let exchanged = try await api.call("/api/pair", method: .POST, body: Self.json(["code": code]))
            #expect(exchanged.status == 200, "\(exchanged.body)")
            let secret = try #require(exchanged.object["token"] as? String)
            let me = try await api.call("/api/me", token: secret)
            #expect(me.object["role"] as? String == "patrol" && me.object["force"] as? String == "patrol-near"
                    && me.object["name"] as? String == "Officer Wang's phone", "\(me.body)")
            let again = try await api.call("/api/pair", method: .POST, body: Self.json(["code": code]))
            #expect(again.status == 403 && again.object["code"] as? String == "pairing_invalid", "single use: \(again.body)")
            let routes = try await fixture.store.writer.read { db in
                try String.fetchAll(db, sql: "SELECT route || ' ' || status FROM auditEntry WHERE route LIKE '/api/pair%' ORDER BY id")
            }
            #expect(routes == ["/api/pairings 200", "/api/pair 200", "/api/pair 403"], "\(routes)")
        }
    }

    @Test func anExpiredOrWrongCodeIsRefused() async throws {
        let fixture = try APIFixture()
        try await fixture.withServer { api in
            // A grant made six minutes ago, straight into the store.
            let old = Pairing.grant(name: "late", role: .patrol, grid: nil, force: "patrol-near", now: Date().addingTimeInterval(-360))
            _ = try fixture.store.insert(old.grant)
            let expired = try await api.call("/api/pair", method: .POST, body: Self.json(["code": old.code]))
            #expect(expired.status == 403 && expired.object["code"] as? String == "pairing_invalid", "\(expired.body)")
            let code = try await pair(api)
            let wrong = String(code.reversed()) == code ? "00000000" : String(code.reversed())
            for attempt in [wrong, "1234", "abcdefgh", ""] {
                let reply = try await api.call("/api/pair", method: .POST, body: Self.json(["code": attempt]))
                #expect(reply.status == 403, "\(attempt): \(reply.body)")
            }
            // Spaces and dashes as people type them are fine.
            let spaced = code.prefix(4) + " " + code.dropFirst(4)
            #expect(try await api.call("/api/pair", method: .POST, body: Self.json(["code": String(spaced)])).status == 200)
        }
    }

    @Test func wrongCodesAreLimitedServerWide() async throws {
        let fixture = try APIFixture()
        try await fixture.withServer { api in
            let code = try await pair(api)
            for _ in 0..<10 { _ = try await api.call("/api/pair", method: .POST, body: Self.json(["code": "99999999"])) }
            let limited = try await api.call("/api/pair", method: .POST, body: Self.json(["code": code]))
            #expect(limited.status == 429 && limited.object["code"] as? String == "pairing_limited" && limited.headers["retry-after"] == "60",
                    "\(limited.status) \(limited.body)")
        }
    }

    @Test func onlyAdminsAndDutyOfficersPairAndDutyOfficersOnlyUnits() async throws {
        let fixture = try APIFixture()
        try await fixture.withServer { api in
            for role in ["investigator", "patrol", "community"] {
                #expect(try await api.call("/api/pairings", as: role, method: .POST, body: Self.json(Self.patrol)).status == 403, "\(role)")
            }
            #expect(try await api.call("/api/pairings", method: .POST, body: Self.json(Self.patrol)).status == 401)
            let admin = ["role": "admin", "name": "another admin"]
            let refused = try await api.call("/api/pairings", as: "dispatcher", method: .POST, body: Self.json(admin))
            #expect(refused.status == 403 && refused.object["code"] as? String == "pairing_role", "\(refused.body)")
            _ = try await pair(api, as: "admin", admin)
            let noForce = try await api.call("/api/pairings", as: "dispatcher", method: .POST, body: Self.json(["role": "patrol", "name": "x"]))
            #expect(noForce.status == 400 && noForce.error.contains("force"), "\(noForce.body)")
        }
    }
}
