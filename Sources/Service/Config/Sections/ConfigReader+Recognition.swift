import Incidents

/// `recognition:`: face and plate settings for the whole process.
extension ConfigReader {
    static let recognitionKeys = [
        "face_tolerance", "face_upsample", "face_small_size", "face_track_distance", "keep_unknown_faces",
        "repeat_window", "plate_confusions", "plate_whole_frame_interval", "track_max_seconds",
    ] + clonedPlateKeys

    func recognition(_ field: Field?) -> ServeConfig.RecognitionSettings {
        var settings = ServeConfig.RecognitionSettings()
        guard let field, let given = mapping(field, known: Self.recognitionKeys) else { return settings }
        func read<T>(_ key: String, _ convert: (Field) -> T?) -> T? { given[key].flatMap(convert) }
        settings.faceTolerance = read("face_tolerance") { number($0, .within(0.1...1.2)) } ?? settings.faceTolerance
        settings.faceUpsample = read("face_upsample") { integer($0, in: 0...2) } ?? settings.faceUpsample
        settings.faceSmallSize = read("face_small_size", faceSmallSize) ?? settings.faceSmallSize
        settings.faceTrackDistance = read("face_track_distance") { number($0, .within(0.2...2)) } ?? settings.faceTrackDistance
        settings.keepUnknownFaces = read("keep_unknown_faces", flag) ?? settings.keepUnknownFaces
        settings.repeatWindow = read("repeat_window") { number($0, .atLeast(0)) } ?? settings.repeatWindow
        settings.plateConfusions = read("plate_confusions") { integer($0, in: 0...3) } ?? settings.plateConfusions
        settings.plateWholeFrameInterval = read("plate_whole_frame_interval") { number($0, .atLeast(0)) }
            ?? settings.plateWholeFrameInterval
        settings.trackMaxSeconds = read("track_max_seconds") { number($0, .within(10...86400)) } ?? settings.trackMaxSeconds
        settings.clonedPlates = clonedPlates(given)
        return settings
    }

    /// 0 turns the small-face search off; below 20 px a face has too few pixels to recognise.
    private func faceSmallSize(_ field: Field) -> Int? {
        guard let size = integer(field, in: 0...200) else { return nil }
        guard size == 0 || size >= 20 else {
            log.add(field, "must be 0 (off) or 20 to 200, got \(size)")
            return nil
        }
        return size
    }
}
