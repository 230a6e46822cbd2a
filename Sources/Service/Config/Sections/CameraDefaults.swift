/// `defaults:`: values for the cameras that do not set the key themselves.
struct CameraDefaults {
    static let keys = ["sampling", "stages", "motion_gate", "read_timeout", "store_unknown_faces", "unknown_faces_days", "recording"]

    var sampling: ServeConfig.Sampling?
    var stages: [ServeConfig.Stage]?
    var motionGate: Bool?
    var readTimeout: Double?
    var storeUnknownFaces: Bool?
    var unknownFacesDays: Int?
    var recording = ServeConfig.Recording()
}

extension ConfigReader {
    func cameraDefaults(_ field: Field?) -> CameraDefaults {
        guard let field, let given = mapping(field, known: CameraDefaults.keys) else { return CameraDefaults() }
        return CameraDefaults(
            sampling: given["sampling"].flatMap(sampling),
            stages: given["stages"].flatMap(stages),
            motionGate: given["motion_gate"].flatMap(flag),
            readTimeout: given["read_timeout"].flatMap(readTimeout),
            storeUnknownFaces: given["store_unknown_faces"].flatMap(flag),
            unknownFacesDays: given["unknown_faces_days"].flatMap(unknownFacesDays),
            recording: recording(given["recording"], over: ServeConfig.Recording())
        )
    }
}
