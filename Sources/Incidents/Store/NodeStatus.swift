public import Foundation

/// A node sharing the store and the camera leases it holds (#22), as `/api/nodes` and `status --nodes` show them.
/// Ages are by the database's clock, so every node reports the same ones.
public struct NodeStatus: Sendable, Codable, Equatable {
    public var id: String
    public var capacity: Int
    public var roles: [String]
    public var startedAt: Date
    public var heartbeatAt: Date
    /// Seconds since the node's last heartbeat.
    public var heartbeatAge: Double
    public var cameras: [LeaseStatus]

    public init(id: String, capacity: Int, roles: [String], startedAt: Date, heartbeatAt: Date, heartbeatAge: Double,
                cameras: [LeaseStatus]) {
        self.id = id
        self.capacity = capacity
        self.roles = roles
        self.startedAt = startedAt
        self.heartbeatAt = heartbeatAt
        self.heartbeatAge = heartbeatAge
        self.cameras = cameras
    }
}

/// One camera lease: its epoch, how long it has been held (since the claim) and how long it has left.
public struct LeaseStatus: Sendable, Codable, Equatable {
    public var camera: String
    public var epoch: Int64
    /// Seconds since the claim.
    public var age: Double
    /// Seconds until the lease expires unless renewed (negative: expired).
    public var expiresIn: Double

    public init(camera: String, epoch: Int64, age: Double, expiresIn: Double) {
        self.camera = camera
        self.epoch = epoch
        self.age = age
        self.expiresIn = expiresIn
    }
}
