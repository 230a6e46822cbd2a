import Dispatching
import Foundation
import GRDB
import Incidents
import InputSafety
import TestSupport
import Testing

/// Webhook URLs often carry the receiver's credential: what the delivery trail stores and shows has it masked.
struct WebhookCredentialTests {
    @Test(arguments: [
        ("http://ops:s3cret@h:8080/hook", "http://ops:***@h:8080/hook"),
        ("https://h/hook?access_token=s3cret&v=2", "https://h/hook?access_token=***&v=2"),
        ("https://h/hook?v=2&Token=s3cret#frag", "https://h/hook?v=2&Token=***#frag"),
        ("https://h/hook?key=s3cret&sig=s3cret&api_key=s3cret", "https://h/hook?key=***&sig=***&api_key=***"),
        ("http://u:p/w@h/x?pwd=s3cret", "http://u:***@h/x?pwd=***"),
        ("https://h/hook?version=2", "https://h/hook?version=2"),
        ("rtsp://admin:s3cret@10.0.0.5/s", "rtsp://admin:***@10.0.0.5/s"),
    ])
    func credentialsInAURLAreMasked(url: String, shown: String) {
        #expect(URLCredentials.masked(url) == shown)
        #expect(URLCredentials.maskingURLs(in: "sent to '\(url)', twice") == "sent to '\(shown)', twice")
    }

    @Test func theNotifiedNoteHoldsTheURLMasked() async throws {
        let receiver = try WebhookReceiver()
        let fixture = try DispatchFixture(receiver: receiver, urls: [
            "patrol-near": "http://ops:s3cret@127.0.0.1:\(receiver.port)/p?access_token=s3cret",
        ])
        try fixture.raise()
        _ = await fixture.delivery.deliverDue()
        let notes = try await fixture.store.writer.read { db in
            try String.fetchAll(db, sql: "SELECT note FROM orderTransition WHERE toState = 'notified'")
        }
        #expect(!notes.isEmpty && !notes.contains { $0.contains("s3cret") }, "\(notes)")
        #expect(notes.contains { $0.hasPrefix("http://ops:***@127.0.0.1:") && $0.hasSuffix("/p?access_token=***") }, "\(notes)")
    }

    @Test func anUnusableURLIsRecordedMasked() async throws {
        let fixture = try DispatchFixture()
        try fixture.raise()
        let broken = try #require(try fixture.messages().first?.id)
        try await fixture.store.writer.write { db in
            try db.execute(sql: "UPDATE outbox SET url = ? WHERE id = ?", arguments: ["ftp://ops:s3cret@h/x?token=s3cret", broken])
        }
        _ = await fixture.delivery.deliverDue()
        let failed = try #require(try fixture.messages().first { $0.id == broken })
        #expect(failed.lastError?.hasPrefix("unusable URL 'ftp://ops:***@h/x?token=***': ") == true, "\(failed.lastError ?? "")")
    }

    @Test func communityForcesGetNoNoteAndNoRuleName() {
        #expect(Audience.community.note("rule 'wanted people' tier 0") == nil)
        #expect(Audience.community.rule("wanted people") == nil)
        #expect(Audience.police.note("sent to http://u:p@h/x") == "sent to http://u:***@h/x")
    }
}
