import Media

/// A camera's analysis and playback settings, each from the camera, else `defaults:`, else the built-in default.
extension ConfigReader {
    struct CameraAnalysis {
        let sampling: ServeConfig.Sampling
        let stages: [ServeConfig.Stage]
        let motionGate: Bool
        let storeUnknownFaces: Bool
        let unknownFacesDays: Int
    }

    struct CameraPlayback {
        let loop: Bool
        let realtime: Bool
        let readTimeout: Double
    }

    func cameraAnalysis(_ given: MappingFields, defaults: CameraDefaults) -> CameraAnalysis? {
        // A value the camera gives but gets wrong is logged and leaves nil, not the default.
        let sampling = if let field = given["sampling"] { sampling(field) } else { defaults.sampling ?? .fps(5) }
        let stages = if let field = given["stages"] { stages(field) } else { defaults.stages ?? ServeConfig.Stage.allCases }
        let gateField = given["motion_gate"]
        let gate = gateField.flatMap(flag)
        if let gateField, gate == true, let stages, !stages.contains(.motion) {
            log.add(gateField, "needs the motion stage: add motion to stages, or set motion_gate: false")
        }
        let unknownFaces = unknownFaces(given, stages: stages, defaults: defaults)
        guard let sampling, let stages else { return nil }
        let motionGate = (gate ?? defaults.motionGate ?? true) && stages.contains(.motion)
        return CameraAnalysis(sampling: sampling, stages: stages, motionGate: motionGate,
                              storeUnknownFaces: unknownFaces.store && stages.contains(.faces), unknownFacesDays: unknownFaces.days)
    }

    /// `store_unknown_faces` (off by default: these are faces of people nobody is looking for) and
    /// `unknown_faces_days`, how long their embeddings stay searchable. A camera that asks to store them needs the
    /// faces stage; a camera-level `unknown_faces_days` without storing is a mistake worth saying.
    private func unknownFaces(_ given: MappingFields, stages: [ServeConfig.Stage]?,
                              defaults: CameraDefaults) -> (store: Bool, days: Int) {
        let storeField = given["store_unknown_faces"], storeFlag = storeField.flatMap(flag)
        if let storeField, storeFlag == true, let stages, !stages.contains(.faces) {
            log.add(storeField, "needs the faces stage: add faces to stages, or set store_unknown_faces: false")
        }
        let store = storeFlag ?? defaults.storeUnknownFaces ?? false
        let daysField = given["unknown_faces_days"]
        if let daysField, !store { log.add(daysField, "only with store_unknown_faces: true") }
        return (store, daysField.flatMap(unknownFacesDays) ?? defaults.unknownFacesDays ?? CameraSpec.defaultUnknownFacesDays)
    }

    /// Whole days within `CameraSpec.unknownFacesDaysRange`: the embeddings of unknown faces are never kept for good.
    func unknownFacesDays(_ field: Field) -> Int? { integer(field, in: CameraSpec.unknownFacesDaysRange) }

    /// `loop` and `realtime` are for files only, `read_timeout` for live sources only.
    func cameraPlayback(_ given: MappingFields, kind: ServeConfig.Camera.Kind?, defaults: CameraDefaults) -> CameraPlayback {
        if kind?.isLive == true {
            for key in ["loop", "realtime"] {
                if let field = given[key] { log.add(field, "only for kind file") }
            }
        }
        if kind == .file, let field = given["read_timeout"] { log.add(field, "only for live sources, not kind file") }
        return CameraPlayback(
            loop: given["loop"].flatMap(flag) ?? false,
            realtime: given["realtime"].flatMap(flag) ?? false,
            readTimeout: given["read_timeout"].flatMap(readTimeout) ?? defaults.readTimeout ?? SourceOptions().readTimeout.seconds
        )
    }
}
