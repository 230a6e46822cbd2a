import InputSafety
import Server

/// `http: {listen: host:port, public_url: URL, timeouts: {head: s, body: s, idle: s},
/// event_streams: {per_token: n, total: n}, map_tiles: PATH}`.
extension ConfigReader {
    func http(_ field: Field?) -> ServeConfig.HTTPSettings {
        guard let field, let http = mapping(field, known: ["listen", "public_url", "timeouts", "event_streams", "map_tiles"]) else {
            return .init()
        }
        let listen = http["listen"].flatMap(listenAddress) ?? ServeConfig.HTTPSettings().listen
        return ServeConfig.HTTPSettings(listen: listen, publicURL: http["public_url"].flatMap(publicURL),
                                        timeouts: http["timeouts"].map(timeouts) ?? ConnectionTimeouts(),
                                        eventStreams: http["event_streams"].map(eventStreams) ?? StreamLimits(),
                                        mapTiles: http["map_tiles"].flatMap(mapTiles))
    }

    /// A tile directory or MBTiles file that opens, with tiles in it.
    private func mapTiles(_ field: Field) -> String? {
        guard let path = filePath(field) else { return nil }
        do throws(TileSourceError) { _ = try TileSource(path: path) } catch {
            log.add(field, error.description)
            return nil
        }
        return path
    }

    /// Live-feed streams per token (a console per browser tab) and in all (each holds a socket and a descriptor).
    private func eventStreams(_ field: Field) -> StreamLimits {
        var limits = StreamLimits()
        guard let fields = mapping(field, known: ["per_token", "total"]) else { return limits }
        limits.perToken = fields["per_token"].flatMap { integer($0, in: 1...1000) } ?? limits.perToken
        limits.total = fields["total"].flatMap { integer($0, in: 1...100_000) } ?? limits.total
        if limits.perToken > limits.total { log.add(field, "per_token (\(limits.perToken)) is more than total (\(limits.total))") }
        return limits
    }

    /// Seconds a client may keep a connection waiting (see `ConnectionTimeouts`); a key left out keeps its default.
    private func timeouts(_ field: Field) -> ConnectionTimeouts {
        var timeouts = ConnectionTimeouts()
        guard let fields = mapping(field, known: ["head", "body", "idle"]) else { return timeouts }
        timeouts.head = seconds(fields["head"]) ?? timeouts.head
        timeouts.body = seconds(fields["body"]) ?? timeouts.body
        timeouts.idle = seconds(fields["idle"]) ?? timeouts.idle
        return timeouts
    }

    private func seconds(_ field: Field?) -> Duration? {
        field.flatMap { number($0, .above(0, atMost: 3600)) }.map { Duration.seconds($0) }
    }

    /// `host:port` (IPv6 in brackets), for the HTTP server and the GB/T 28181 SIP server.
    func listenAddress(_ field: Field) -> ServeConfig.ListenAddress? {
        guard let text = string(field) else { return nil }
        switch ListenAddressParser.parse(text) {
        case .success(let address): return address
        case .failure(let problem):
            log.add(field, "\(quoted(text)) \(problem.message)")
            return nil
        }
    }

    /// An http(s) URL with a host and no credentials; kept without a trailing slash.
    private func publicURL(_ field: Field) -> String? {
        guard let text = string(field) else { return nil }
        guard let url = StreamURL(text), ["http", "https"].contains(url.scheme), !url.host.isEmpty,
              !text.contains(where: \.isWhitespace) else {
            log.add(field, "\(quoted(URLCredentials.maskingURLs(in: text))) is not an http(s) URL with a host")
            return nil
        }
        guard url.userInfo == nil else {
            log.add(field, "must not carry a user or password: links in dispatch messages are sent to many people")
            return nil
        }
        return String(text.reversed().drop { $0 == "/" }.reversed())
    }
}
