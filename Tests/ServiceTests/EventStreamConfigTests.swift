import Server
import Service
import Testing

/// `http.event_streams` sets how many live-feed streams `serve` holds open; out of range, or more per token than in
/// all, is refused with its field named.
struct EventStreamConfigTests {
    @Test func limitsAreReadAndReachTheAPI() throws {
        let config = try load(minimalConfig + "http: {event_streams: {per_token: 2, total: 40}}\n")
        #expect(config.http.eventStreams == StreamLimits(perToken: 2, total: 40))
        #expect(try load(minimalConfig).http.eventStreams == StreamLimits(), "the defaults, 8 and 256")
    }

    @Test(arguments: [
        ("{per_token: 0}", "http.event_streams.per_token"), ("{total: -1}", "http.event_streams.total"),
        ("{per_token: 9, total: 4}", "per_token (9) is more than total (4)"), ("{tokens: 3}", "http.event_streams.tokens"),
        ("3", "http.event_streams"),
    ])
    func badLimitsAreRefused(streams: String, message: String) throws {
        let error = try #require(loadError(minimalConfig + "http: {event_streams: \(streams)}\n"))
        #expect("\(error)".contains(message), "\(error)")
    }
}
