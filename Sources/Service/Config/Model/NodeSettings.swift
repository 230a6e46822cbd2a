import Foundation

extension ServeConfig {
    /// `node: {id, capacity, roles}`: this machine's part in a district of several nodes. One node (the default)
    /// does everything; a command centre's API node takes no cameras, so history queries never share cores with
    /// detection, and analysis nodes serve no API.
    public struct NodeSettings: Sendable, Equatable {
        /// What a node does.
        public enum Role: String, Sendable, CaseIterable {
            /// Runs cameras (and the GB/T 28181 platform, which stays on one node).
            case analysis
            /// Serves the HTTP API, the console and the live feed, and delivers and escalates dispatch orders.
            case api
        }

        /// Cameras one core holds: 12 live 720p cameras at 2 sampled frames a second on 2 cores (the live benchmark).
        public static let camerasPerCore = 6
        public static let capacityRange = 1...10_000

        /// This node's name in logs, metrics and (with a central store) camera leases; the host name by default.
        public let id: String
        /// Cameras this node may hold, when the config says so. A node alone runs every camera its config lists;
        /// nodes sharing cameras through a central store claim up to `capacity`.
        public let givenCapacity: Int?
        public let roles: Set<Role>

        public init(id: String = NodeSettings.defaultID, capacity: Int? = nil, roles: Set<Role> = Set(Role.allCases)) {
            self.id = id
            self.givenCapacity = capacity
            self.roles = roles
        }

        /// The cameras this node claims from a shared list: as given, or `camerasPerCore` per core.
        public var capacity: Int { givenCapacity ?? Self.defaultCapacity }

        public static var defaultID: String { ProcessInfo.processInfo.hostName }
        public static var defaultCapacity: Int { camerasPerCore * max(ProcessInfo.processInfo.activeProcessorCount, 1) }

        public var runsCameras: Bool { roles.contains(.analysis) }
        public var servesAPI: Bool { roles.contains(.api) }
    }
}
