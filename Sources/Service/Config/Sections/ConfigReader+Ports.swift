import Yams

/// Listeners that cannot all be bound: `serve` would start, fail to bind the second, and exit 1.
extension ConfigReader {
    /// The GB/T 28181 SIP server (TCP and UDP) on the HTTP server's port, on the same or an overlapping address.
    func checkPorts(http: ServeConfig.HTTPSettings, gb28181: ServeConfig.GB28181?, section: Field?) {
        guard let gb28181, let section, Self.overlap(http.listen, gb28181.listen) else { return }
        log.add(section.path("listen"), line: section.node["listen"]?.mark?.line ?? section.line,
                "\(gb28181.listen) takes the HTTP server's port (http.listen \(http.listen)): give each its own port")
    }

    /// Same port, and the same host or a wildcard (`0.0.0.0`, `::`) on either side.
    static func overlap(_ a: ServeConfig.ListenAddress, _ b: ServeConfig.ListenAddress) -> Bool {
        let wildcards = ["0.0.0.0", "::", "*", ""]
        return a.port == b.port && (a.host == b.host || wildcards.contains(a.host) || wildcards.contains(b.host))
    }
}
