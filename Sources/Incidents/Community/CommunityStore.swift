public import Foundation

/// Communities' registers and their gates' access log (#25), on either back end.
public protocol CommunityStore: Sendable {
    /// A number that rises with every change to `community`'s register (0 for one never written).
    func registerVersion(community: String) async throws -> Int
    /// The whole register of `community`.
    func register(community: String) async throws -> CommunityRegisterRows
    /// Adds residents with their faces' embeddings, vehicles (a plate already registered is updated), visitor passes
    /// and watches, in one transaction; returns the residents and passes with their ids.
    func addToRegister(_ batch: RegisterBatch) async throws -> RegisterBatch
    /// The residents of `community` named `name` (in `unit` when given).
    func residents(community: String, named name: String, unit: String?) async throws -> [CommunityResident]
    /// Records one passage: its sighting (with the face embedding, when kept), the incident a gate rule raised (run
    /// through the store's new-incident hook, so it is dispatched in the same transaction) and the access record
    /// linking both; returns the three as stored.
    func recordPassage(_ entry: AccessLogEntry, sighting: Sighting, incident: Incident?, faceEmbedding: [UInt8]?)
        async throws -> StoredPassage
    /// Access records of `community`, newest first, between `from` and `to`, of one outcome when given.
    func accessLog(community: String, from: Date?, to: Date?, outcome: AccessOutcome?, limit: Int) async throws
        -> [AccessLogEntry]
    /// The watches of `community` that hold at `time`, with their residents.
    func watches(community: String, at time: Date) async throws -> [(resident: CommunityResident, watch: CommunityWatch)]
}

/// What one import adds to one community's register.
public struct RegisterBatch: Sendable {
    public var community: String
    public var residents: [(resident: CommunityResident, faces: [Data])] = []
    public var vehicles: [CommunityVehicle] = []
    public var passes: [(pass: CommunityVisitorPass, faces: [Data])] = []
    public var watches: [CommunityWatch] = []

    public init(community: String) { self.community = community }

    public var isEmpty: Bool { residents.isEmpty && vehicles.isEmpty && passes.isEmpty && watches.isEmpty }
}

/// A passage as `recordPassage` stored it: the access record, its sighting and the incident a rule raised.
public struct StoredPassage: Sendable {
    public var entry: AccessLogEntry
    public var sighting: Sighting
    public var incident: Incident?

    public init(entry: AccessLogEntry, sighting: Sighting, incident: Incident?) {
        (self.entry, self.sighting, self.incident) = (entry, sighting, incident)
    }
}
