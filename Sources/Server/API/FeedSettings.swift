/// How the live feed is read and how many streams it serves.
public struct FeedSettings: Sendable, Equatable {
    /// How often the feed table is read for new events.
    public var interval: Duration = .milliseconds(200)
    /// How often the tokens of open streams are checked: a stream outlives a revocation by at most this.
    public var tokenCheckInterval: Duration = .seconds(15)
    /// How long an idle stream waits for a comment line that keeps proxies from closing it.
    public var keepAlive: Duration = .seconds(15)
    public var limits = StreamLimits()

    public init() {}
}

/// How many event streams may be open: per token (a console per browser tab) and in all (each holds a socket and
/// a file descriptor).
public struct StreamLimits: Sendable, Equatable {
    public var perToken: Int
    public var total: Int

    public init(perToken: Int = 8, total: Int = 256) {
        self.perToken = perToken
        self.total = total
    }
}
