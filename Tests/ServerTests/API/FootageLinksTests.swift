import Foundation
import Testing
@testable import Server

/// Footage links on their own: what they open, for how long, and that nothing else opens.
struct FootageLinksTests {
    private let caller = Caller(tokenId: 7, name: "李警官", role: .investigator)

    @Test func aLinkOpensItsTargetAsItsCallerUntilItExpires() throws {
        let clock = Clock()
        let links = FootageLinks(now: { clock.now })
        let (url, expires) = links.link(to: "/api/incidents/12/clip.mp4", for: caller)
        #expect(expires == clock.now.addingTimeInterval(300))
        let opened = try #require(try links.open(url))
        #expect(opened.caller == caller && opened.target == "/api/incidents/12/clip.mp4")
        clock.now += 299
        #expect(try links.open(url) != nil)
        clock.now += 2
        #expect(throws: LinkRefusal.self) { try links.open(url) }
    }

    @Test func anotherProcessesOrAnAlteredLinkDoesNotOpen() throws {
        let (url, _) = FootageLinks().link(to: "/api/cameras/gate-a/recording.mp4?from=a&to=b", for: caller)
        #expect(throws: LinkRefusal.self) { try FootageLinks().open(url) }
        let links = FootageLinks()
        let good = links.link(to: "/api/incidents/12/clip.mp4", for: caller).url
        #expect(throws: LinkRefusal.self) { try links.open(good.replacingOccurrences(of: "/12/", with: "/13/")) }
        #expect(throws: LinkRefusal.self) { try links.open(good + "x") }
        #expect(try links.open("/api/incidents/12/clip.mp4") == nil, "no link: the token decides")
    }

    @Test(arguments: ["/api/incidents/12/clip.mp4", "/api/cameras/x/recording.mp4"])
    func footageMayBeLinked(path: String) { #expect(FootageLinks.allows(path: path)) }

    @Test(arguments: ["/api/incidents", "/api/incidents/12", "/api/audit", "/api/incidents//clip.mp4",
                      "/api/sightings/3/snapshot.jpg", "/api/incidents/12/clip.mp4/x"])
    func nothingElseMay(path: String) { #expect(!FootageLinks.allows(path: path)) }

    private final class Clock: @unchecked Sendable {
        var now = Date(timeIntervalSince1970: 1_800_000_000)
    }
}
