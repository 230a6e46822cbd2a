public import Foundation
public import Incidents
import Logging
import PostgresNIO

/// Communities' registers and access logs on PostgreSQL, as `IncidentStore+Communities` keeps them on SQLite.
extension PostgresStore: CommunityStore {
    public func registerVersion(community: String) async throws -> Int {
        let rows = try await rows(#"SELECT "version" FROM "communityRegister" WHERE "community" = \#(community)"#)
        return try rows.first.map { Int(try $0.value("version", as: Int64.self)) } ?? 0
    }

    public func register(community: String) async throws -> CommunityRegisterRows {
        let logger = logger
        return try await transaction { connection in
            var rows = CommunityRegisterRows()
            rows.version = try await connection.rows(#"SELECT "version" FROM "communityRegister" WHERE "community" = \#(community)"#,
                                                     logger: logger).first.map { Int(try $0.value("version", as: Int64.self)) } ?? 0
            let faces = try await Self.faces(connection.rows("""
                SELECT f."residentId" AS "owner", f."embedding" FROM "communityResidentFace" f
                JOIN "communityResident" r ON r."id" = f."residentId" WHERE r."community" = \(community) ORDER BY f."id"
                """, logger: logger))
            rows.residents = try await connection.rows(#"SELECT * FROM "communityResident" WHERE "community" = \#(community) ORDER BY "id""#,
                                                       logger: logger).map { row in
                let resident = try row.resident()
                return (resident, faces[resident.id ?? 0] ?? [])
            }
            rows.vehicles = try await connection.rows(#"SELECT * FROM "communityVehicle" WHERE "community" = \#(community)"#,
                                                      logger: logger).map { try $0.vehicle() }
            let passFaces = try await Self.faces(connection.rows("""
                SELECT f."passId" AS "owner", f."embedding" FROM "visitorPassFace" f
                JOIN "visitorPass" p ON p."id" = f."passId" WHERE p."community" = \(community) ORDER BY f."id"
                """, logger: logger))
            rows.passes = try await connection.rows(#"SELECT * FROM "visitorPass" WHERE "community" = \#(community) ORDER BY "id""#,
                                                    logger: logger).map { row in
                let pass = try row.visitorPass()
                return (pass, passFaces[pass.id ?? 0] ?? [])
            }
            rows.watches = try await connection.rows("""
                SELECT w.* FROM "keyPersonWatch" w JOIN "communityResident" r ON r."id" = w."residentId"
                WHERE r."community" = \(community)
                """, logger: logger).map { try $0.watch() }
            return rows
        }
    }

    private static func faces(_ rows: [PostgresRandomAccessRow]) throws -> [Int64: [Data]] {
        var faces: [Int64: [Data]] = [:]
        for row in rows { faces[try row.value("owner", as: Int64.self), default: []].append(try row.value("embedding")) }
        return faces
    }

    public func addToRegister(_ batch: RegisterBatch) async throws -> RegisterBatch {
        let logger = logger
        return try await transaction { connection in
            var stored = batch
            for index in stored.residents.indices {
                let resident = stored.residents[index].resident
                let id: Int64 = try await connection.rows("""
                    INSERT INTO "communityResident" ("community", "name", "unit", "createdAt")
                    VALUES (\(resident.community), \(resident.name), \(resident.unit), \(resident.createdAt)) RETURNING "id"
                    """, logger: logger)[0].value("id")
                stored.residents[index].resident.id = id
                for face in stored.residents[index].faces {
                    try await connection.rows(#"INSERT INTO "communityResidentFace" ("residentId", "embedding") VALUES (\#(id), \#(face))"#,
                                              logger: logger)
                }
            }
            for vehicle in stored.vehicles {
                try await connection.rows("""
                    INSERT INTO "communityVehicle" ("community", "plate", "unit", "createdAt")
                    VALUES (\(vehicle.community), \(vehicle.plate), \(vehicle.unit), \(vehicle.createdAt))
                    ON CONFLICT ("community", "plate") DO UPDATE SET "unit" = EXCLUDED."unit", "createdAt" = EXCLUDED."createdAt"
                    """, logger: logger)
            }
            for index in stored.passes.indices {
                let pass = stored.passes[index].pass
                let id: Int64 = try await connection.rows("""
                    INSERT INTO "visitorPass" ("community", "name", "hostUnit", "plate", "validFrom", "validUntil", "createdAt")
                    VALUES (\(pass.community), \(pass.name), \(pass.hostUnit), \(pass.plate), \(pass.validFrom), \(pass.validUntil),
                        \(pass.createdAt)) RETURNING "id"
                    """, logger: logger)[0].value("id")
                stored.passes[index].pass.id = id
                for face in stored.passes[index].faces {
                    try await connection.rows(#"INSERT INTO "visitorPassFace" ("passId", "embedding") VALUES (\#(id), \#(face))"#,
                                              logger: logger)
                }
            }
            for watch in stored.watches {
                try await connection.rows("""
                    INSERT INTO "keyPersonWatch" ("residentId", "until", "createdAt") VALUES (\(watch.residentId), \(watch.until),
                        \(watch.createdAt))
                    ON CONFLICT ("residentId") DO UPDATE SET "until" = EXCLUDED."until", "createdAt" = EXCLUDED."createdAt"
                    """, logger: logger)
            }
            try await connection.rows("""
                INSERT INTO "communityRegister" ("community", "version") VALUES (\(batch.community), 1)
                ON CONFLICT ("community") DO UPDATE SET "version" = "communityRegister"."version" + 1
                """, logger: logger)
            return stored
        }
    }

    public func residents(community: String, named name: String, unit: String?) async throws -> [CommunityResident] {
        try await rows("""
            SELECT * FROM "communityResident" WHERE "community" = \(community) AND "name" = \(name)
                AND (\(unit)::text IS NULL OR "unit" = \(unit)) ORDER BY "id"
            """).map { try $0.resident() }
    }

    /// `IncidentStore.recordPassage`'s contract: sighting, gate incident (dispatched) and access record in one
    /// transaction.
    public func recordPassage(_ entry: AccessLogEntry, sighting: Sighting, incident: Incident?,
                              faceEmbedding: [UInt8]?) async throws -> StoredPassage {
        try await transaction { [self] connection in
            var sighting = sighting, entry = entry, raised: Incident?
            let sightingId = try await Self.insert(sighting, connection, logger)
            sighting.id = sightingId
            if let faceEmbedding {
                try await connection.rows("""
                    INSERT INTO "faceEmbedding" ("sightingId", "cameraId", "seenAt", "embedding")
                    VALUES (\(sightingId), \(sighting.cameraId), \(sighting.bestTime), \(Data(faceEmbedding)))
                    """, logger: logger)
            }
            if let incident {
                let new = try await Self.insertNew(incident, for: sighting, connection, logger)
                raised = new
                sighting.incidentId = new.id
                try await connection.rows(#"UPDATE "sighting" SET "incidentId" = \#(new.id) WHERE "id" = \#(sightingId)"#, logger: logger)
                if let dispatcher {
                    try await PostgresDispatchWrites.plan(new, tier: 0, excluding: [], with: dispatcher, connection, logger)
                }
            }
            entry.sightingId = sightingId
            entry.incidentId = raised?.id
            entry.id = try await connection.rows("""
                INSERT INTO "accessRecord" ("community", "cameraId", "at", "direction", "kind", "outcome", "residentId", "plate",
                    "passId", "sightingId", "incidentId", "rule")
                VALUES (\(entry.community), \(entry.cameraId), \(entry.at), \(entry.direction), \(entry.kind.rawValue),
                    \(entry.outcome.rawValue), \(entry.residentId), \(entry.plate), \(entry.passId), \(entry.sightingId),
                    \(entry.incidentId), \(entry.rule))
                RETURNING "id"
                """, logger: logger)[0].value("id")
            return StoredPassage(entry: entry, sighting: sighting, incident: raised)
        }
    }

    public func accessLog(community: String, from: Date?, to: Date?, outcome: AccessOutcome?, limit: Int) async throws
        -> [AccessLogEntry] {
        try await rows("""
            SELECT * FROM "accessRecord" WHERE "community" = \(community)
                AND (\(from)::timestamptz IS NULL OR "at" >= \(from)) AND (\(to)::timestamptz IS NULL OR "at" < \(to))
                AND (\(outcome?.rawValue)::text IS NULL OR "outcome" = \(outcome?.rawValue))
            ORDER BY "at" DESC, "id" DESC LIMIT \(limit)
            """).map { try $0.accessEntry() }
    }

    public func watches(community: String, at time: Date) async throws -> [(resident: CommunityResident, watch: CommunityWatch)] {
        try await rows("""
            SELECT r.*, w."residentId", w."until", w."createdAt" AS "watchedAt" FROM "keyPersonWatch" w
            JOIN "communityResident" r ON r."id" = w."residentId"
            WHERE r."community" = \(community) AND w."until" > \(time) ORDER BY w."until"
            """).map { row in
            (try row.resident(), CommunityWatch(residentId: try row.value("residentId"), until: try row.time("until"),
                                                createdAt: try row.time("watchedAt")))
        }
    }
}

extension PostgresRandomAccessRow {
    func resident() throws -> CommunityResident {
        var resident = CommunityResident(community: try value("community"), name: try value("name"), unit: try value("unit"),
                                         createdAt: try time("createdAt"))
        resident.id = try value("id")
        return resident
    }

    func vehicle() throws -> CommunityVehicle {
        CommunityVehicle(community: try value("community"), plate: try value("plate"), unit: try value("unit"),
                         createdAt: try time("createdAt"))
    }

    func visitorPass() throws -> CommunityVisitorPass {
        var pass = CommunityVisitorPass(community: try value("community"), name: try value("name"), hostUnit: try value("hostUnit"),
                                        plate: try value("plate"), validFrom: try time("validFrom"), validUntil: try time("validUntil"),
                                        createdAt: try time("createdAt"))
        pass.id = try value("id")
        return pass
    }

    func watch() throws -> CommunityWatch {
        CommunityWatch(residentId: try value("residentId"), until: try time("until"), createdAt: try time("createdAt"))
    }

    func accessEntry() throws -> AccessLogEntry {
        var entry = AccessLogEntry(community: try value("community"), cameraId: try value("cameraId"), at: try time("at"),
                                   direction: try value("direction"), kind: try enumValue("kind"), outcome: try enumValue("outcome"),
                                   residentId: try value("residentId"), plate: try value("plate"), passId: try value("passId"))
        entry.id = try value("id")
        (entry.sightingId, entry.incidentId, entry.rule) = (try value("sightingId"), try value("incidentId"), try value("rule"))
        return entry
    }
}
