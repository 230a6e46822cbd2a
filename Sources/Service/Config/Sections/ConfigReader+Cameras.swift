import Yams

/// `cameras:`: each camera, then the ids checked across them.
extension ConfigReader {
    static let cameraKeys = [
        "id", "name", "kind", "url", "username", "password", "position", "grid", "sampling", "stages", "motion_gate",
        "enabled", "loop", "realtime", "read_timeout", "store_unknown_faces", "unknown_faces_days",
        "tiling", "recording", "mode", "direction",
    ]

    func cameras(_ field: Field?, defaults: CameraDefaults, grids: Set<String>) -> [ServeConfig.Camera] {
        guard let field, let items = list(field) else { return [] }
        let cameras = items.compactMap { camera($0, defaults: defaults, grids: grids) }
        checkUniqueIDs(items)
        return cameras
    }

    private func camera(_ field: Field, defaults: CameraDefaults, grids: Set<String>) -> ServeConfig.Camera? {
        guard let given = mapping(field, known: Self.cameraKeys) else { return nil }
        let id = required("id", in: given, "an id of 1-64 letters, digits, '_', '.', '-'").flatMap(cameraID)
        let kind = required("kind", in: given, "one of \(Self.kindList)").flatMap(cameraKind)
        let source = kind.flatMap { cameraSource(given, kind: $0, id: id ?? "?") }
        let analysis = cameraAnalysis(given, defaults: defaults)
        let playback = cameraPlayback(given, kind: kind, defaults: defaults)
        let position = given["position"].flatMap(position)
        let grid = given["grid"].flatMap { gridID($0, grids: grids) }
        let name = given["name"].flatMap(string)
        let enabled = given["enabled"].flatMap(flag) ?? true
        let tiling = tiling(given["tiling"], kind: kind)
        let recording = recording(given["recording"], over: defaults.recording)
        guard let id, let kind, let source, let analysis else { return nil }
        var camera = ServeConfig.Camera(
            id: id, name: name ?? id, kind: kind, url: source.url, username: source.username, password: source.password,
            position: position, grid: grid, sampling: analysis.sampling, stages: analysis.stages,
            motionGate: analysis.motionGate, enabled: enabled, loop: playback.loop, realtime: playback.realtime,
            readTimeout: playback.readTimeout, storeUnknownFaces: analysis.storeUnknownFaces,
            unknownFacesDays: analysis.unknownFacesDays,
            resolvedPassword: source.resolvedPassword, tiling: tiling
        )
        camera.recording = recording
        return camera
    }

    static let kindList = ServeConfig.Camera.Kind.allCases.map(\.rawValue).joined(separator: ", ")

    private func cameraID(_ field: Field) -> String? {
        guard let id = string(field) else { return nil }
        let allowed = id.count <= 64 && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_.-".contains($0)) }
        if !allowed { log.add(field, "must be 1-64 characters of A-Z, a-z, 0-9, '_', '.', '-', got \(quoted(id))") }
        return allowed ? id : nil
    }

    private func cameraKind(_ field: Field) -> ServeConfig.Camera.Kind? {
        if let text = field.node.text, let kind = ServeConfig.Camera.Kind(rawValue: text) { return kind }
        log.add(field, "expected one of \(Self.kindList), got \(field.node.kindDescription)")
        return nil
    }

    /// Duplicate ids name both cameras: `cameras[3].id: 'gate-1' is also the id of cameras[0]`.
    private func checkUniqueIDs(_ items: [Field]) {
        var first: [String: Int] = [:]
        for (index, item) in items.enumerated() {
            guard case .mapping(let mapping) = item.node, let node = mapping["id"], let id = node.text else { continue }
            if let earlier = first[id] {
                log.add("\(item.path).id", line: node.mark?.line, "\(quoted(id)) is also the id of cameras[\(earlier)]")
            } else {
                first[id] = index
            }
        }
    }
}
