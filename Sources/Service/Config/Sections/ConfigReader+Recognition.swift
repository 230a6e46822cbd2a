import Incidents
import Recognition

/// `recognition:`: face and plate settings for the whole process.
extension ConfigReader {
    static let recognitionKeys = [
        "face_tolerance", "face_detector", "face_upsample", "face_small_size", "face_track_distance", "keep_unknown_faces",
        "repeat_window", "plate_confusions", "plate_whole_frame_interval", "track_max_seconds",
    ] + clonedPlateKeys

    func recognition(_ field: Field?) -> ServeConfig.RecognitionSettings {
        var recognition = ServeConfig.RecognitionSettings()
        guard let field, let given = mapping(field, known: Self.recognitionKeys) else { return recognition }
        func read<T>(_ key: String, _ value: inout T, _ convert: (Field) -> T?) {
            if let read = given[key].flatMap(convert) { value = read }
        }
        read("face_tolerance", &recognition.settings.face.tolerance) { number($0, .within(FaceSettings.toleranceRange)) }
        read("face_detector", &recognition.settings.face.detector, faceDetector)
        read("face_upsample", &recognition.settings.face.upsample) { integer($0, in: FaceSettings.upsampleRange) }
        read("face_small_size", &recognition.settings.face.smallFaceSize, faceSmallSize)
        read("face_track_distance", &recognition.settings.faceTrack.maximumEmbeddingDistance) {
            number($0, .within(FaceTrackSettings.maximumEmbeddingDistanceRange))
        }
        read("keep_unknown_faces", &recognition.settings.faceTrack.keepUnknown, flag)
        read("repeat_window", &recognition.repeatWindow) { number($0, .atLeast(0)) }
        read("plate_confusions", &recognition.plateConfusions) { integer($0, in: PlateHotlist.confusionsRange) }
        read("plate_whole_frame_interval", &recognition.settings.plateWholeFrameInterval) { number($0, .atLeast(0)) }
        read("track_max_seconds", &recognition.settings.maximumTrackSeconds) {
            number($0, .within(FaceTrackSettings.maximumSecondsRange))
        }
        recognition.clonedPlates = clonedPlates(given)
        return recognition
    }

    /// `hog` or `mtcnn` (`FaceDetector`).
    private func faceDetector(_ field: Field) -> FaceDetector? {
        guard let text = string(field) else { return nil }
        guard let detector = FaceDetector(rawValue: text) else {
            log.add(field, "expected \(FaceDetector.names), got \(quoted(text))")
            return nil
        }
        return detector
    }

    /// 0 turns the small-face search off (`FaceSettings.acceptsSmallFaceSize`).
    private func faceSmallSize(_ field: Field) -> Int? {
        let range = FaceSettings.smallFaceSizeRange
        guard let size = integer(field, in: 0...range.upperBound) else { return nil }
        guard FaceSettings.acceptsSmallFaceSize(size) else {
            log.add(field, "must be 0 (off) or \(range.lowerBound) to \(range.upperBound), got \(size)")
            return nil
        }
        return size
    }
}
