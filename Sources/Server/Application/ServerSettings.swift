/// Where the status and metrics server listens, how it names itself, and how long it waits on a client.
public struct ServerSettings: Sendable, Equatable {
    public var host: String
    /// 0 picks a free port (tests).
    public var port: Int
    /// Sent in the `Server` response header.
    public var serverName: String
    /// How long a connection may keep the server waiting before it is closed.
    public var timeouts: ConnectionTimeouts
    /// False on an analysis-only node: `/health`, `/metrics` and `/api/cameras` only (no history, orders, feed or
    /// console), so the command centre's API runs where detection does not.
    public var servesAPI: Bool

    public init(host: String = "127.0.0.1", port: Int = 8080, serverName: String = "sharpeyes",
                timeouts: ConnectionTimeouts = ConnectionTimeouts(), servesAPI: Bool = true) {
        self.host = host
        self.port = port
        self.serverName = serverName
        self.timeouts = timeouts
        self.servesAPI = servesAPI
    }
}
