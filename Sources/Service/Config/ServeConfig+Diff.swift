/// What a reload (SIGHUP) changes, camera by camera.
extension ServeConfig {
    /// Cameras matched by id: `added` and `changed`/`unchanged` in this config's order (the new versions),
    /// `removed` in the old config's order. A camera is changed when any setting differs, its password included.
    public func diff(from old: ServeConfig)
        -> (added: [Camera], removed: [Camera], changed: [Camera], unchanged: [Camera]) {
        let before = Dictionary(old.cameras.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let ids = Set(cameras.map(\.id))
        return (
            added: cameras.filter { before[$0.id] == nil },
            removed: old.cameras.filter { !ids.contains($0.id) },
            changed: cameras.filter { camera in before[camera.id].map { $0 != camera } ?? false },
            unchanged: cameras.filter { before[$0.id] == $0 }
        )
    }
}
