package import GRDB

/// One step of the schema: literal SQL, run once in a transaction by GRDB's migrator.
///
/// A shipped migration is never edited (Tests/IncidentsTests/MigrationFreezeTests.swift pins each one's SHA-256):
/// a change to the schema, or to what a trigger computes (the plate confusion classes), is a new migration. The
/// SQL uses no application code, so a database migrated years ago and one created today hold the same schema.
package struct Migration: Sendable {
    package let identifier: String
    package let sql: String

    init(_ identifier: String, _ sql: String) {
        self.identifier = identifier
        self.sql = sql
    }
}

/// The schema, oldest migration first. This module is its one owner: every table the product writes (cameras,
/// sightings, incidents, dispatch orders and the outbox, watchlists, tokens, audit, the event feed) is created here.
package enum Migrations {
    package static let all: [Migration] = early + late + video + nodes + communities

    package static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in all {
            migrator.registerMigration(migration.identifier) { db in try db.execute(sql: migration.sql) }
        }
        return migrator
    }
}
