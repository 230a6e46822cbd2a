public import Foundation
import GRDB

extension IncidentStore {
    public func registerVersion(community: String) throws -> Int {
        try read { db in
            try Int.fetchOne(db, sql: "SELECT version FROM communityRegister WHERE community = ?", arguments: [community]) ?? 0
        }
    }

    public func register(community: String) throws -> CommunityRegisterRows {
        try read { db in
            var rows = CommunityRegisterRows()
            rows.version = try Int.fetchOne(db, sql: "SELECT version FROM communityRegister WHERE community = ?",
                                            arguments: [community]) ?? 0
            let faces = try Self.faces(db, sql: """
                SELECT f.residentId, f.embedding FROM communityResidentFace f JOIN communityResident r ON r.id = f.residentId
                WHERE r.community = ? ORDER BY f.id
                """, community: community)
            rows.residents = try CommunityResident.filter(Column("community") == community).order(Column("id")).fetchAll(db)
                .map { ($0, faces[$0.id ?? 0] ?? []) }
            rows.vehicles = try CommunityVehicle.filter(Column("community") == community).fetchAll(db)
            let passFaces = try Self.faces(db, sql: """
                SELECT f.passId, f.embedding FROM visitorPassFace f JOIN visitorPass p ON p.id = f.passId
                WHERE p.community = ? ORDER BY f.id
                """, community: community)
            rows.passes = try CommunityVisitorPass.filter(Column("community") == community).order(Column("id")).fetchAll(db)
                .map { ($0, passFaces[$0.id ?? 0] ?? []) }
            rows.watches = try CommunityWatch.fetchAll(db, sql: """
                SELECT w.* FROM keyPersonWatch w JOIN communityResident r ON r.id = w.residentId WHERE r.community = ?
                """, arguments: [community])
            return rows
        }
    }

    private static func faces(_ db: Database, sql: String, community: String) throws -> [Int64: [Data]] {
        var faces: [Int64: [Data]] = [:]
        for row in try Row.fetchAll(db, sql: sql, arguments: [community]) {
            faces[row[0], default: []].append(row[1])
        }
        return faces
    }

    @discardableResult
    public func addToRegister(_ batch: RegisterBatch) throws -> RegisterBatch {
        try write { db in
            var stored = batch
            for index in stored.residents.indices {
                try stored.residents[index].resident.insert(db)
                for face in stored.residents[index].faces {
                    try db.execute(sql: "INSERT INTO communityResidentFace (residentId, embedding) VALUES (?, ?)",
                                   arguments: [stored.residents[index].resident.id, face])
                }
            }
            for vehicle in stored.vehicles { try vehicle.save(db) }
            for index in stored.passes.indices {
                try stored.passes[index].pass.insert(db)
                for face in stored.passes[index].faces {
                    try db.execute(sql: "INSERT INTO visitorPassFace (passId, embedding) VALUES (?, ?)",
                                   arguments: [stored.passes[index].pass.id, face])
                }
            }
            for watch in stored.watches { try watch.save(db) }
            try db.execute(sql: """
                INSERT INTO communityRegister (community, version) VALUES (?, 1)
                ON CONFLICT (community) DO UPDATE SET version = version + 1
                """, arguments: [batch.community])
            return stored
        }
    }

    public func residents(community: String, named name: String, unit: String?) throws -> [CommunityResident] {
        try read { db in
            var request = CommunityResident.filter(Column("community") == community && Column("name") == name)
            if let unit { request = request.filter(Column("unit") == unit) }
            return try request.order(Column("id")).fetchAll(db)
        }
    }

    /// See `CommunityStore.recordPassage`.
    public func recordPassage(_ entry: AccessLogEntry, sighting: Sighting, incident: Incident?,
                              faceEmbedding: [UInt8]?) throws -> StoredPassage {
        try write { db in
            var sighting = sighting, entry = entry, raised: Incident?
            try sighting.insert(db)
            let sightingId = sighting.id ?? 0
            if let faceEmbedding { try Self.insertFaceEmbedding(faceEmbedding, of: sighting, id: sightingId, db) }
            if let incident {
                raised = try insertNew(incident, for: sighting, db)
                sighting.incidentId = raised?.id
                try sighting.update(db)
                entry.incidentId = raised?.id
            }
            entry.sightingId = sightingId
            try entry.insert(db)
            return StoredPassage(entry: entry, sighting: sighting, incident: raised)
        }
    }

    public func accessLog(community: String, from: Date?, to: Date?, outcome: AccessOutcome?, limit: Int) throws
        -> [AccessLogEntry] {
        try read { db in
            var request = AccessLogEntry.filter(Column("community") == community)
            if let from { request = request.filter(Column("at") >= from) }
            if let to { request = request.filter(Column("at") < to) }
            if let outcome { request = request.filter(Column("outcome") == outcome.rawValue) }
            return try request.order(Column("at").desc, Column("id").desc).limit(limit).fetchAll(db)
        }
    }

    public func watches(community: String, at time: Date) throws -> [(resident: CommunityResident, watch: CommunityWatch)] {
        try read { db in
            let watches = try CommunityWatch.fetchAll(db, sql: """
                SELECT w.* FROM keyPersonWatch w JOIN communityResident r ON r.id = w.residentId
                WHERE r.community = ? AND w."until" > ? ORDER BY w."until"
                """, arguments: [community, time])
            return try watches.compactMap { watch in
                try CommunityResident.fetchOne(db, key: watch.residentId).map { ($0, watch) }
            }
        }
    }
}

extension SQLiteStore: CommunityStore {
    public func registerVersion(community: String) async throws -> Int {
        try await reading { try $0.registerVersion(community: community) }
    }

    public func register(community: String) async throws -> CommunityRegisterRows {
        try await reading { try $0.register(community: community) }
    }

    public func addToRegister(_ batch: RegisterBatch) async throws -> RegisterBatch {
        try await writing { try $0.addToRegister(batch) }
    }

    public func residents(community: String, named name: String, unit: String?) async throws -> [CommunityResident] {
        try await reading { try $0.residents(community: community, named: name, unit: unit) }
    }

    public func recordPassage(_ entry: AccessLogEntry, sighting: Sighting, incident: Incident?,
                              faceEmbedding: [UInt8]?) async throws -> StoredPassage {
        try await writing { try $0.recordPassage(entry, sighting: sighting, incident: incident, faceEmbedding: faceEmbedding) }
    }

    public func accessLog(community: String, from: Date?, to: Date?, outcome: AccessOutcome?, limit: Int) async throws
        -> [AccessLogEntry] {
        try await reading { try $0.accessLog(community: community, from: from, to: to, outcome: outcome, limit: limit) }
    }

    public func watches(community: String, at time: Date) async throws -> [(resident: CommunityResident, watch: CommunityWatch)] {
        try await reading { try $0.watches(community: community, at: time) }
    }
}
