public import Server

extension ServeConfig {
    /// The HTTP listener and the base of links in dispatch messages.
    public struct HTTPSettings: Sendable, Equatable {
        public let listen: ListenAddress
        /// `http(s)://host[:port][/path]` without a trailing slash; nil when not set.
        public let publicURL: String?
        /// `timeouts: {head, body, idle}` in seconds.
        public let timeouts: ConnectionTimeouts
        /// `event_streams: {per_token, total}`: how many live-feed streams may be open.
        public let eventStreams: StreamLimits
        /// `map_tiles`: a directory of `{z}/{x}/{y}.png` tiles or an MBTiles file for the console's map (checked
        /// when the config is read); nil: the map is drawn from the grids' outlines alone.
        public let mapTiles: String?

        public init(listen: ListenAddress = ListenAddress(host: "127.0.0.1", port: 8080), publicURL: String? = nil,
                    timeouts: ConnectionTimeouts = ConnectionTimeouts(), eventStreams: StreamLimits = StreamLimits(),
                    mapTiles: String? = nil) {
            self.listen = listen
            self.publicURL = publicURL
            self.timeouts = timeouts
            self.eventStreams = eventStreams
            self.mapTiles = mapTiles
        }
    }

    /// A host (IPv4, IPv6 without brackets, or a name) and a port.
    public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
        public let host: String
        public let port: Int

        public init(host: String, port: Int) {
            self.host = host
            self.port = port
        }

        /// `127.0.0.1:8080`, `[::1]:8080`.
        public var description: String {
            host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        }
    }
}
