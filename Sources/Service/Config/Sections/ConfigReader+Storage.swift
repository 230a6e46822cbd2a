import Glibc

/// `storage: {database, snapshots, retention: {sightings_days, snapshots_days}}`.
extension ConfigReader {
    func storage(_ top: MappingFields) -> ServeConfig.Storage? {
        guard let field = required("storage", in: top, "storage: {database: PATH}"),
              let storage = mapping(field, known: ["database", "snapshots", "retention"]),
              let database = required("database", in: storage, "the path of the SQLite database").flatMap(databasePath)
        else { return nil }
        let snapshots = storage["snapshots"].flatMap(filePath) ?? Self.folder(of: database) + "/snapshots"
        let retention = storage["retention"].map(retention) ?? ServeConfig.Retention()
        return ServeConfig.Storage(database: database, snapshots: snapshots, retention: retention)
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
