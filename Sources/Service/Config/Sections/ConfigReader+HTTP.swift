import Server

/// `http: {listen: host:port, public_url: URL, timeouts: {head: s, body: s, idle: s}}`.
extension ConfigReader {
    func http(_ field: Field?) -> ServeConfig.HTTPSettings {
        guard let field, let http = mapping(field, known: ["listen", "public_url", "timeouts"]) else { return .init() }
        let listen = http["listen"].flatMap(listenAddress) ?? ServeConfig.HTTPSettings().listen
        return ServeConfig.HTTPSettings(listen: listen, publicURL: http["public_url"].flatMap(publicURL),
                                        timeouts: http["timeouts"].map(timeouts) ?? ConnectionTimeouts())
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
            log.add(field, "\(quoted(StreamURL.redactingPasswords(in: text))) is not an http(s) URL with a host")
            return nil
        }
        guard url.userInfo == nil else {
            log.add(field, "must not carry a user or password: links in dispatch messages are sent to many people")
            return nil
        }
        return String(text.reversed().drop { $0 == "/" }.reversed())
    }
}
