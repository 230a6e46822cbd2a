/// `storage: {database, snapshots, retention: {sightings_days, snapshots_days}}`.
extension ConfigReader {
    func storage(_ top: MappingFields) -> ServeConfig.Storage? {
        guard let field = required("storage", in: top, "storage: {database: PATH}"),
              let storage = mapping(field, known: ["database", "snapshots", "retention"]),
              let database = required("database", in: storage, "the path of the SQLite database").flatMap(filePath)
        else { return nil }
        let snapshots = storage["snapshots"].flatMap(filePath) ?? Self.folder(of: database) + "/snapshots"
        let retention = storage["retention"].map(retention) ?? ServeConfig.Retention()
        return ServeConfig.Storage(database: database, snapshots: snapshots, retention: retention)
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
