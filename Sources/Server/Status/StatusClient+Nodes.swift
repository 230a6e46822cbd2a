import Foundation
public import Incidents

extension StatusClient {
    /// The nodes sharing a server's store: `GET <baseURL>/api/nodes` (an admin token), decoded.
    public static func fetchNodes(baseURL: String, token: String, timeout: Duration = .seconds(5)) async throws -> NodeList {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        guard base.hasPrefix("http://") || base.hasPrefix("https://") else { throw StatusClientError.invalidURL(baseURL) }
        let body = try await get(base + "/api/nodes", origin: base, token: token, timeout: timeout)
        do {
            return try StatusJSON.decoder().decode(NodeList.self, from: body)
        } catch {
            throw StatusClientError.invalidResponse(base, reason: "\(error)")
        }
    }
}

/// `/api/nodes`' answer.
public struct NodeList: Sendable, Codable {
    /// False on a server with its own SQLite store: nothing is shared.
    public var shared: Bool
    public var nodes: [NodeStatus]

    /// One line per node (id, roles, capacity, heartbeat age, cameras held), then one per lease.
    public func rendered() -> String {
        guard shared else { return "this server's store is its own (SQLite): no nodes share it" }
        var lines = ["NODE\tROLES\tCAPACITY\tHEARTBEAT\tCAMERAS"]
        for node in nodes {
            lines.append("\(node.id)\t\(node.roles.joined(separator: ","))\t\(node.capacity)\t\(Self.seconds(node.heartbeatAge)) ago\t\(node.cameras.count)")
            for lease in node.cameras {
                lines.append("  \(lease.camera)\tepoch \(lease.epoch)\theld \(Self.seconds(lease.age))\texpires in \(Self.seconds(lease.expiresIn))")
            }
        }
        return lines.joined(separator: "\n")
    }

    private static func seconds(_ value: Double) -> String { String(format: "%.1f s", value) }
}
