import Incidents
import Media
import Pipeline
import Recognition
import Service
import Testing

/// `analyze` is a one-camera `serve`: for the same camera both build the same `CameraSpec`, and what differs is
/// a named option; both refuse the same recognition values, by the library types' ranges.
struct FrontDoorTests {
    /// A camera as a `serve` config gives it, and the `analyze` request for the same camera.
    static let cameras: [(yaml: String, request: SourceRequest)] = [
        ("{id: gate-1, kind: fixed, url: 'rtsp://10.0.0.5/s', position: [45.75, 126.63], sampling: {every: 3}, "
            + "stages: [motion, plates], motion_gate: false, read_timeout: 7}",
         request("rtsp://10.0.0.5/s", id: "gate-1", kind: .fixed, position: (45.75, 126.63), sampling: .every(3),
                 readTimeout: 7)),
        ("{id: square, kind: eagle_eye, url: 'rtsp://10.0.0.9/4k', stages: [motion, plates], motion_gate: false}",
         request("rtsp://10.0.0.9/4k", id: "square", kind: .eagleEye, sampling: .fps(5))),
        ("{id: clip, kind: file, url: /srv/clips/clip.mp4, stages: [motion, plates], motion_gate: false, "
            + "sampling: {keyframes: true}}",
         request("/srv/clips/clip.mp4", id: "clip", kind: nil, sampling: .keyframes)),
    ]

    private static func request(_ source: String, id: String, kind: Camera.Kind?, position: (Double, Double)? = nil,
                                sampling: SamplingPolicy, readTimeout: Double? = nil) -> SourceRequest {
        var request = SourceRequest(source: source, database: "/tmp/sharpeyes-test/db.sqlite")
        request.cameraID = id
        request.kind = kind
        request.position = position.map { ServeConfig.Position(latitude: $0.0, longitude: $0.1) }
        request.options.sampling = sampling
        if let readTimeout { request.options.source.readTimeout = .seconds(readTimeout) }
        return request
    }

    @Test(arguments: cameras)
    func analyzeAndServeBuildTheSameSpec(yaml: String, request: SourceRequest) throws {
        let config = try load(config(camera: yaml))
        let served = try #require(config.cameras.first).spec(in: config)
        let analysed = request.spec(stages: [.motion, .plates])
        #expect(served.retry == .forever)
        #expect(analysed.retry == .finite(ReconnectPolicy().attempts))
        var same = analysed
        same.retry = .forever
        // A named difference: `serve` keeps its incidents' video, `analyze` none.
        #expect(analysed.recording == nil && served.recording?.preRoll == 10)
        same.recording = served.recording
        #expect(same == served)
        #expect(analysed.options.motionWidth == served.options.motionWidth)
        #expect(analysed.options.repeatWindow == served.options.repeatWindow)
        #expect(analysed.options.snapshotDirectory == served.options.snapshotDirectory,
                "beside the database in both: /tmp/sharpeyes-test/snapshots")
        // The named differences.
        #expect(served.options.decoderThreads == 1 && analysed.options.decoderThreads == 0)
    }

    @Test func theRecognitionSettingsDifferOnlyInTheNamedOption() throws {
        var served = try load(minimalConfig).recognition.settings
        #expect(served.faceDetectionNeedsWatchlist)
        #expect(!SourceRequest(source: "a.mp4", database: "db.sqlite").settings.faceDetectionNeedsWatchlist)
        served.faceDetectionNeedsWatchlist = false
        #expect(served == SourceRequest(source: "a.mp4", database: "db.sqlite").settings)
        #expect(try load(minimalConfig).recognition.plateConfusions == SourceRequest(source: "a", database: "b").plateConfusions)
    }

    @Test func serveRetriesForeverAndAnalyzeAsOftenAsAsked() {
        let forever = RetryPolicy.forever.applied(to: AnalysisOptions()).reconnect
        #expect(forever.attempts == .max && forever.retriesEveryFailure && forever.maximumDelay == .seconds(30))
        let finite = RetryPolicy.finite(3).applied(to: AnalysisOptions()).reconnect
        #expect(finite.attempts == 3 && !finite.retriesEveryFailure && finite.maximumDelay == ReconnectPolicy().maximumDelay)
    }

    /// Values just outside each library range: the config reader refuses them, saying the range.
    static let outOfRange: [(key: String, value: String, range: String)] = [
        ("face_tolerance", "\(FaceSettings.toleranceRange.upperBound + 0.1)", text(FaceSettings.toleranceRange)),
        ("face_tolerance", "\(FaceSettings.toleranceRange.lowerBound - 0.05)", text(FaceSettings.toleranceRange)),
        ("face_upsample", "\(FaceSettings.upsampleRange.upperBound + 1)", text(FaceSettings.upsampleRange)),
        ("face_small_size", "\(FaceSettings.smallFaceSizeRange.lowerBound - 1)",
         "0 (off) or \(text(FaceSettings.smallFaceSizeRange))"),
        ("face_track_distance", "\(FaceTrackSettings.maximumEmbeddingDistanceRange.upperBound + 0.5)",
         text(FaceTrackSettings.maximumEmbeddingDistanceRange)),
        ("plate_confusions", "\(PlateHotlist.confusionsRange.upperBound + 1)", text(PlateHotlist.confusionsRange)),
        ("track_max_seconds", "\(FaceTrackSettings.maximumSecondsRange.lowerBound - 1)",
         text(FaceTrackSettings.maximumSecondsRange)),
    ]

    @Test(arguments: outOfRange)
    func theConfigRefusesWhatTheLibraryRangeExcludes(key: String, value: String, range: String) throws {
        let error = try #require(loadError(minimalConfig + "recognition: {\(key): \(value)}"))
        #expect("\(error)".contains("recognition.\(key): must be \(range)"), "\(error)")
    }

    @Test func theBoundsThemselvesAreAccepted() throws {
        let yaml = minimalConfig + """
        recognition: {face_tolerance: \(FaceSettings.toleranceRange.upperBound), face_upsample: \(FaceSettings.upsampleRange.upperBound),
                      face_small_size: \(FaceSettings.smallFaceSizeRange.lowerBound),
                      plate_confusions: \(PlateHotlist.confusionsRange.upperBound)}
        """
        let settings = try load(yaml).recognition
        #expect(settings.settings.face.tolerance == FaceSettings.toleranceRange.upperBound)
        #expect(settings.settings.face.smallFaceSize == FaceSettings.smallFaceSizeRange.lowerBound)
        #expect(settings.plateConfusions == PlateHotlist.confusionsRange.upperBound)
    }

    /// `0.1 to 1.2`, `0 to 3`: a range as the config reader says it.
    private static func text<T: Comparable>(_ range: ClosedRange<T>) -> String {
        func bound(_ value: T) -> String {
            guard let number = value as? Double, number == number.rounded() else { return "\(value)" }
            return String(Int(number))
        }
        return "\(bound(range.lowerBound)) to \(bound(range.upperBound))"
    }
}
