/// Where the status and metrics server listens and how it names itself.
public struct ServerSettings: Sendable, Equatable {
    public var host: String
    /// 0 picks a free port (tests).
    public var port: Int
    /// Sent in the `Server` response header.
    public var serverName: String

    public init(host: String = "127.0.0.1", port: Int = 8080, serverName: String = "sharpeyes") {
        self.host = host
        self.port = port
        self.serverName = serverName
    }
}
