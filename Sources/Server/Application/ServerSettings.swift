/// Where the status and metrics server listens, how it names itself, and how long it waits on a client.
public struct ServerSettings: Sendable, Equatable {
    public var host: String
    /// 0 picks a free port (tests).
    public var port: Int
    /// Sent in the `Server` response header.
    public var serverName: String
    /// How long a connection may keep the server waiting before it is closed.
    public var timeouts: ConnectionTimeouts

    public init(host: String = "127.0.0.1", port: Int = 8080, serverName: String = "sharpeyes",
                timeouts: ConnectionTimeouts = ConnectionTimeouts()) {
        self.host = host
        self.port = port
        self.serverName = serverName
        self.timeouts = timeouts
    }
}
