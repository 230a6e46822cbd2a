import GRDB
import Incidents

/// Writes a planned seed through cached prepared statements, `batch` rows per transaction, sightings and order
/// transitions merged in time order. Details and boxes are drawn here, as each row is written.
struct SeedWriter {
    let plan: SeedPlan
    let city: SeedCity
    let timeline: SeedTimeline
    let incidents: SeedIncidents
    var random: SplitMix64
    private var summary = SeedSummary()
    private var nextIncident = 0

    init(plan: SeedPlan, city: SeedCity, timeline: SeedTimeline, incidents: SeedIncidents) {
        self.plan = plan
        self.city = city
        self.timeline = timeline
        self.incidents = incidents
        random = SplitMix64(seed: plan.seed ^ 0x726F_7773)
    }

    /// The connection's cache and temp-store settings are changed for the seed and restored after it.
    mutating func write(_ db: Database, batch: Int) throws -> SeedSummary {
        let saved = try GRDB.Row.fetchOne(db, sql: "SELECT * FROM pragma_cache_size, pragma_temp_store")!
        defer {
            try? db.execute(sql: "PRAGMA cache_size = \(saved[0] as Int)")
            try? db.execute(sql: "PRAGMA temp_store = \(saved[1] as Int)")
        }
        // 256 MiB of page cache: the indexes of a million sightings stay in memory while they grow. Statement
        // journals in memory: every insert that fires a trigger keeps one, and in files they cost 27 page writes a
        // sighting (2.8 million pwrite calls for 100,000 sightings, most of the seed's time).
        try db.execute(sql: "PRAGMA cache_size = -262144")
        try db.execute(sql: "PRAGMA temp_store = MEMORY")
        try writeRows(db, batch: batch)
        summary.cameras = city.places.count
        return summary
    }

    private mutating func writeRows(_ db: Database, batch: Int) throws {
        try db.inTransaction {
            try writeCameras(db)
            try writeLists(db)
            return .commit
        }
        let passes = timeline.passes, transitions = incidents.transitions
        var pass = 0, transition = 0
        while pass < passes.count || transition < transitions.count {
            try db.inTransaction {
                for _ in 0..<batch {
                    if transition < transitions.count && (pass == passes.count || transitions[transition].at < passes[pass].first) {
                        try insert(transitions[transition], db)
                        transition += 1
                    } else if pass < passes.count {
                        try insert(passes[pass], db)
                        pass += 1
                    } else {
                        break
                    }
                }
                return .commit
            }
        }
    }

    /// Existing cameras (an appended seed) are kept as they are: their history keeps its meaning.
    private func writeCameras(_ db: Database) throws {
        let insert = try db.cachedStatement(sql: """
            INSERT INTO camera (id, name, kind, url, latitude, longitude, grid, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO NOTHING
            """)
        let installed = SeedClock.text(plan.startMilliseconds - 30 * 86_400_000)
        for place in city.places {
            try insert.execute(arguments: [place.id, place.name, place.kind.rawValue, "rtsp://\(place.id).cameras.invalid/stream1",
                                           place.latitude, place.longitude, place.grid, installed])
        }
    }

    /// The hotlisted plates and the watchlist identities the incidents name.
    private func writeLists(_ db: Database) throws {
        let listed = SeedClock.text(plan.startMilliseconds - 14 * 86_400_000)
        let plate = try db.cachedStatement(sql: """
            INSERT INTO watchlistPlate (pattern, list, reason, severity, createdAt) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (pattern) DO NOTHING
            """)
        for index in 0..<timeline.hotlisted {
            let entry = SeedWatchlists.plateEntry(index)
            try plate.execute(arguments: [timeline.plates[index], entry.list, entry.reason, entry.severity, listed])
        }
        let identity = try db.cachedStatement(sql: """
            INSERT INTO watchlistIdentity (name, list, severity, reason, createdAt) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (name, list) DO NOTHING
            """)
        for (name, entry) in SeedWatchlists.identities {
            try identity.execute(arguments: [name, entry.list, entry.severity, entry.reason, listed])
        }
    }

    private mutating func insert(_ pass: SeedTimeline.Pass, _ db: Database) throws {
        let row = makeRow(pass)
        let place = city.places[Int(pass.camera)]
        let best = pass.first + Int64(random.below(Int(pass.milliseconds) + 1))
        let sighting = try db.cachedStatement(sql: """
            INSERT INTO sighting (cameraId, kind, label, firstSeen, lastSeen, bestTime, mediaOffset, boxX, boxY, boxWidth,
                                  boxHeight, confidence, frames, details)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        try sighting.execute(arguments: [
            place.id, pass.kind.rawValue, row.label, SeedClock.text(pass.first), SeedClock.text(pass.last), SeedClock.text(best),
            Double(best - plan.startMilliseconds) / 1000, row.box.x, row.box.y, row.box.width, row.box.height,
            row.confidence, row.frames, row.details,
        ])
        switch pass.kind {
        case .plate: summary.plates += 1
        case .face: summary.faces += 1
        case .motion, .alarm: summary.motion += 1  // the seed makes no alarms
        }
        if pass.hit { try insertIncident(for: pass, sighting: db.lastInsertedRowID, db) }
    }

    private mutating func insertIncident(for pass: SeedTimeline.Pass, sighting: Int64, _ db: Database) throws {
        let planned = incidents.planned[nextIncident]
        nextIncident += 1
        let place = city.places[Int(pass.camera)]
        let incident = try db.cachedStatement(sql: """
            INSERT INTO incident (sightingId, cameraId, kind, subject, watchlist, reason, severity, status, latitude, longitude,
                                  createdAt, lastSeenAt, sightings, type)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 'watchlist_hit')
            """)
        let created = SeedClock.text(pass.last)
        try incident.execute(arguments: [sighting, place.id, pass.kind.rawValue, planned.subject, planned.watchlist, planned.reason,
                                         planned.severity, planned.status.rawValue, place.latitude, place.longitude, created, created])
        let incidentId = db.lastInsertedRowID
        try db.cachedStatement(sql: "UPDATE sighting SET incidentId = ? WHERE id = ?").execute(arguments: [incidentId, sighting])
        let order = try db.cachedStatement(sql: """
            INSERT INTO dispatchOrder (id, incidentId, forceId, forceType, rule, tier, state, distanceMeters, deadline, createdAt, updatedAt)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for planned in planned.orders {
            try order.execute(arguments: [
                planned.id, incidentId, planned.forceId, planned.forceType, planned.rule, planned.tier, planned.state,
                planned.distanceMeters, SeedClock.text(planned.deadline), SeedClock.text(planned.createdAt),
                SeedClock.text(planned.updatedAt),
            ])
        }
        summary.incidents += 1
        summary.orders += planned.orders.count
    }

    private mutating func insert(_ transition: SeedDispatch.Transition, _ db: Database) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO orderTransition (orderId, fromState, toState, at, actor, note) VALUES (?, ?, ?, ?, ?, ?)
            """)
        try statement.execute(arguments: [transition.orderId, transition.from, transition.to, SeedClock.text(transition.at),
                                          transition.actor, transition.note])
        summary.transitions += 1
    }
}
