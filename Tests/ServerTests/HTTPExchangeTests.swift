import NIOCore
import Testing
@testable import Server

/// Which timeout holds at each point of a connection's exchanges (`Exchange`, the state `RequestDeadlines` acts on).
struct HTTPExchangeTests {
    let start = NIODeadline.uptimeNanoseconds(1_000_000_000)
    let timeouts = ConnectionTimeouts(head: .seconds(10), body: .seconds(30), idle: .seconds(60))

    @Test func aNewConnectionHasTheHeadTimeoutFromItsStart() {
        var exchange = Exchange(timeouts, now: start)
        #expect(exchange.wait(at: start) == .head(until: start + .seconds(10), partial: false))
        _ = exchange.clientSent(at: start + .seconds(3))
        #expect(exchange.wait(at: start + .seconds(3)) == .head(until: start + .seconds(10), partial: true))
    }

    @Test func aKeptAliveConnectionIsIdleUntilTheFirstByteOfItsNextRequest() {
        var exchange = Exchange(timeouts, now: start)
        exchange.headRead(at: start)
        exchange.endRead(at: start)
        #expect(exchange.wait(at: start + .seconds(500)) == .none, "answering: the server's time is not limited")
        exchange.responseBegun()
        exchange.responseEnded(at: start + .seconds(1))
        #expect(exchange.wait(at: start + .seconds(1)) == .head(until: start + .seconds(61), partial: false))
        let moved = exchange.clientSent(at: start + .seconds(5))
        #expect(moved, "the deadline moves earlier")
        #expect(exchange.wait(at: start + .seconds(5)) == .head(until: start + .seconds(15), partial: true))
    }

    @Test func aBodyIsTimedOnlyWhileTheServerAsksForMore() {
        var exchange = Exchange(timeouts, now: start)
        _ = exchange.clientSent(at: start)
        exchange.headRead(at: start)
        // The server has not asked for more (its handler has not taken what came): the silence is not the client's.
        #expect(exchange.wait(at: start + .seconds(100)) == .body(until: start + .seconds(130)))
        exchange.serverWantsMore(at: start + .seconds(100))
        #expect(exchange.wait(at: start + .seconds(120)) == .body(until: start + .seconds(130)))
        _ = exchange.clientSent(at: start + .seconds(125))
        exchange.serverWantsMore(at: start + .seconds(126))
        #expect(exchange.wait(at: start + .seconds(126)) == .body(until: start + .seconds(156)))
    }

    @Test func aRequestAnsweredBeforeItsBodyCameIsNoLongerOwedA408() {
        var exchange = Exchange(timeouts, now: start)
        exchange.headRead(at: start)
        #expect(exchange.unanswered)
        exchange.responseBegun()
        exchange.responseEnded(at: start)
        #expect(!exchange.unanswered)
        #expect(exchange.wait(at: start) == .body(until: start + .seconds(30)), "its body is still awaited")
    }
}
