import Glibc
import PostgresStore

/// `storage: {database, password, snapshots, retention: {sightings_days, snapshots_days}}`: `database` is the SQLite
/// file's path, or `postgres://USER@HOST:PORT/DB` with `password: {env: NAME}` for a store several nodes share.
extension ConfigReader {
    func storage(_ top: MappingFields) -> ServeConfig.Storage? {
        guard let field = required("storage", in: top, "storage: {database: PATH}"),
              let storage = mapping(field, known: ["database", "password", "snapshots", "retention", "cameras_from", "lease_seconds"]),
              let given = required("database", in: storage, "the path of the SQLite database"), let text = string(given)
        else { return nil }
        if Self.isPostgresURL(text) { return postgresStorage(storage, url: text, field: given) }
        for key in ["password", "cameras_from", "lease_seconds"] {
            if let field = storage[key] { log.add(field, "\(key) is only for a postgres:// database") }
        }
        guard let database = databasePath(given) else { return nil }
        let snapshots = storage["snapshots"].flatMap(filePath) ?? Self.folder(of: database) + "/snapshots"
        let retention = storage["retention"].map(retention) ?? ServeConfig.Retention()
        return ServeConfig.Storage(database: database, snapshots: snapshots, retention: retention)
    }

    static func isPostgresURL(_ text: String) -> Bool { text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") }

    /// A shared PostgreSQL store: the URL checked as the store will read it, the password read now, and a snapshot
    /// folder given (there is no database file to put it beside).
    private func postgresStorage(_ storage: MappingFields, url: String, field: Field) -> ServeConfig.Storage? {
        let secret = storage["password"].flatMap { password($0, owner: "storage") }
        do throws(PostgresStoreError) {
            _ = try PostgresStore.Configuration(url: url, password: secret?.value.value)
        } catch {
            log.add(field, error.description)
        }
        guard let snapshotsField = required("snapshots", in: storage, "the snapshot folder (a postgres:// store has no file to put it beside)"),
              let snapshots = filePath(snapshotsField) else { return nil }
        let retention = storage["retention"].map(retention) ?? ServeConfig.Retention()
        var result = ServeConfig.Storage(database: url, snapshots: snapshots, retention: retention)
        var postgres = ServeConfig.Postgres(url: url, passwordSource: secret?.source, passwordValue: secret?.value)
        if let field = storage["cameras_from"], let from = string(field) {
            if !["config", "database"].contains(from) { log.add(field, "give config or database") }
            postgres.camerasFromDatabase = from == "database"
        }
        if let field = storage["lease_seconds"], let seconds = integer(field, in: 3...300) { postgres.leaseSeconds = Double(seconds) }
        result.postgres = postgres
        return result
    }

    /// A path `serve` can open as its SQLite database: a regular file, or nothing yet under a folder (created, with
    /// the folders missing above it, at start).
    private func databasePath(_ field: Field) -> String? {
        guard let path = filePath(field) else { return nil }
        if let problem = Self.databaseProblem(path) {
            log.add(field, "\(quoted(path)) \(problem)")
            return nil
        }
        return path
    }

    static func databaseProblem(_ path: String) -> String? {
        if let type = fileType(path) {
            if type == S_IFDIR { return "is a folder: give the path of the database file in it, e.g. \(path)/sharpeyes.sqlite" }
            return type == S_IFREG ? nil : "is not a regular file (a device or a pipe): SQLite needs a file"
        }
        var above = folder(of: path)
        while fileType(above) == nil, above != "/" { above = folder(of: above) }
        return fileType(above) == S_IFDIR ? nil : "cannot be created: \(above) is not a folder"
    }

    /// The file type bits of what `path` names (links followed); nil when nothing is there.
    private static func fileType(_ path: String) -> mode_t? {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_mode & S_IFMT : nil
    }

    /// Days within 1...36500; 0 or nothing keeps records forever.
    private func retention(_ field: Field) -> ServeConfig.Retention {
        guard let retention = mapping(field, known: ["sightings_days", "snapshots_days"]) else { return .init() }
        func days(_ key: String) -> Int? {
            retention[key].flatMap { integer($0, in: 0...36500) }.flatMap { $0 == 0 ? nil : $0 }
        }
        return ServeConfig.Retention(sightingsDays: days("sightings_days"), snapshotsDays: days("snapshots_days"))
    }
}
