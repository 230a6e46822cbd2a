/// The ranges and defaults of the recognition settings: `analyze`'s flags (`validate()`) and `serve`'s config
/// (`recognition:`) both check against these, so the two commands refuse the same values.
extension FaceSettings {
    public static let `default` = FaceSettings()
    /// Largest face distance that counts as a match: below 0.1 nothing matches, above 1.2 everyone does.
    public static let toleranceRange = 0.1...1.2
    /// Enlarge frames 2^N times for detection; each step costs about four times the time.
    public static let upsampleRange = 0...2
    /// `smallFaceSize` when on (0 is off): below 20 px a face has too few pixels to recognise.
    public static let smallFaceSizeRange = 20...200

    /// Whether `size` is a usable `smallFaceSize`: 0 (off) or within `smallFaceSizeRange`.
    public static func acceptsSmallFaceSize(_ size: Int) -> Bool { size == 0 || smallFaceSizeRange.contains(size) }
}

extension FaceTrackSettings {
    public static let `default` = FaceTrackSettings()
    /// `maximumEmbeddingDistance`: one person's faces are mostly under 0.4 apart, different people above 0.6.
    public static let maximumEmbeddingDistanceRange = 0.2...2.0
    /// `maximumSeconds`, and the plate tracker's: from ten seconds to a day.
    public static let maximumSecondsRange = 10.0...86400.0
}

extension PlateSearch {
    public static let `default` = PlateSearch()
    /// Plate-like regions examined per image before the whole-image detector.
    public static let candidatesRange = 1...16
}

extension PlateHotlist {
    /// OCR confusions (0/D/Q/O, 8/B, ...) a read may differ from a hotlist entry by and still hit.
    public static let defaultConfusions = 1
    /// More than three confusions make most plates of one length hit each other.
    public static let confusionsRange = 0...3
}
