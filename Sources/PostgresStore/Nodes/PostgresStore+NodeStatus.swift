public import Incidents
import PostgresNIO

extension PostgresStore: NodeStore {
    public func nodeStatuses() async throws -> [NodeStatus] {
        let leases = try await rows("""
            SELECT "id", "nodeId", "epoch", extract(epoch FROM now() - "claimedAt")::double precision AS "age",
                extract(epoch FROM "expiresAt" - now())::double precision AS "expiresIn"
            FROM "sharedCamera" WHERE "nodeId" IS NOT NULL ORDER BY "id"
            """)
        var held: [String: [LeaseStatus]] = [:]
        for row in leases {
            held[try row.value("nodeId"), default: []].append(LeaseStatus(
                camera: try row.value("id"), epoch: try row.value("epoch"), age: try row.value("age"),
                expiresIn: try row.value("expiresIn")))
        }
        return try await rows("""
            SELECT *, extract(epoch FROM now() - "heartbeatAt")::double precision AS "heartbeatAge" FROM "node" ORDER BY "id"
            """).map { row in
            let id: String = try row.value("id")
            let roles: String = try row.value("roles")
            return NodeStatus(id: id, capacity: try row.value("capacity"), roles: roles.split(separator: ",").map(String.init),
                              startedAt: try row.value("startedAt"), heartbeatAt: try row.value("heartbeatAt"),
                              heartbeatAge: try row.value("heartbeatAge"), cameras: held[id] ?? [])
        }
    }
}
