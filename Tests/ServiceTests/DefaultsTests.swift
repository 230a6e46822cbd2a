import Dispatching
import Media
import Recognition
import Service
import Testing

/// What a config leaves out takes `defaults:`, then the built-in default.
struct DefaultsTests {
    @Test func builtInDefaults() throws {
        let config = try load(config(camera: "{id: gate-1, kind: fixed, url: 'rtsp://10.0.0.5/s'}"))
        let camera = try #require(config.cameras.first)
        #expect(camera.name == "gate-1")
        #expect(camera.sampling == .fps(5))
        #expect(camera.stages == [.motion, .faces, .plates])
        #expect(camera.motionGate && camera.enabled && !camera.loop && !camera.realtime && !camera.storeUnknownFaces)
        #expect(camera.readTimeout == 5 && camera.unknownFacesDays == 7)
        #expect(camera.streamURL == "rtsp://10.0.0.5/s" && camera.displayURL == "rtsp://10.0.0.5/s")
        #expect(config.storage.snapshots == "/tmp/sharpeyes-test/snapshots")
        #expect(config.storage.retention == ServeConfig.Retention())
        #expect(config.http == ServeConfig.HTTPSettings())
        #expect(config.http.listen.description == "127.0.0.1:8080")
        #expect(config.recognition == ServeConfig.RecognitionSettings())
        #expect((1...64).contains(config.workers))
        #expect(config.dispatch.forces.isEmpty)
    }

    @Test func defaultsApplyWhereACameraIsSilent() throws {
        let yaml = minimalConfig + """
        defaults: {sampling: {every: 4}, stages: [plates, motion], motion_gate: false, read_timeout: 9, store_unknown_faces: true,
                   unknown_faces_days: 3}
        cameras:
          - {id: a, kind: fixed, url: 'rtsp://h/a'}
          - {id: b, kind: drone, url: 'rtmp://h/b', sampling: {keyframes: true}, stages: [faces], read_timeout: 2}
          - {id: c, kind: fixed, url: 'rtsp://h/c', stages: [faces], unknown_faces_days: 30}
          - {id: d, kind: fixed, url: 'rtsp://h/d', stages: [faces], store_unknown_faces: false}
        """
        let cameras = try load(yaml).cameras
        #expect(cameras[0].sampling == .every(4) && cameras[0].stages == [.motion, .plates])
        #expect(!cameras[0].motionGate && cameras[0].readTimeout == 9)
        #expect(!cameras[0].storeUnknownFaces, "a camera without the faces stage has no faces to store")
        #expect(cameras[1].sampling == .keyframes && cameras[1].stages == [.faces] && cameras[1].readTimeout == 2)
        #expect(cameras[1].storeUnknownFaces && cameras[1].unknownFacesDays == 3)
        #expect(cameras[2].storeUnknownFaces && cameras[2].unknownFacesDays == 30)
        #expect(!cameras[3].storeUnknownFaces)
    }

    @Test func relativePathsFollowTheConfigFolder() throws {
        let yaml = """
        storage: {database: data/db.sqlite, snapshots: ../shots, retention: {sightings_days: 0, snapshots_days: 7}}
        cameras: [{id: f, kind: file, url: ./clips/../clips/a.mp4, loop: true, realtime: true}]
        """
        let config = try load(yaml)
        #expect(config.storage.database == "/etc/sharpeyes/data/db.sqlite")
        #expect(config.storage.snapshots == "/etc/shots")
        #expect(config.storage.retention == ServeConfig.Retention(sightingsDays: nil, snapshotsDays: 7))
        #expect(config.cameras.first?.streamURL == "/etc/sharpeyes/clips/a.mp4")
        #expect(config.cameras.first?.loop == true && config.cameras.first?.realtime == true)
    }

    @Test func settingsAreRead() throws {
        let yaml = minimalConfig + """
        workers: 3
        http: {listen: '[::1]:9090', public_url: 'https://sharpeyes.example/base/'}
        recognition: {face_tolerance: 0.4, face_upsample: 1, keep_unknown_faces: yes, repeat_window: 0,
                      plate_confusions: 0, plate_whole_frame_interval: 2.5, track_max_seconds: 60}
        """
        let config = try load(yaml)
        #expect(config.workers == 3)
        #expect(config.http.listen == ServeConfig.ListenAddress(host: "::1", port: 9090))
        #expect(config.http.listen.description == "[::1]:9090")
        #expect(config.http.publicURL == "https://sharpeyes.example/base")
        var expected = ServeConfig.RecognitionSettings()
        expected.settings.face.tolerance = 0.4
        expected.settings.face.upsample = 1
        expected.settings.faceTrack.keepUnknown = true
        expected.repeatWindow = 0
        expected.plateConfusions = 0
        expected.settings.plateWholeFrameInterval = 2.5
        expected.settings.maximumTrackSeconds = 60
        #expect(config.recognition == expected)
    }

    @Test(arguments: ["0.0.0.0:80", "sharpeyes.local:8080", "localhost:1"])
    func listenAddressesAreAccepted(listen: String) throws {
        #expect(try load(minimalConfig + "http: {listen: '\(listen)'}").http.listen.description == listen)
    }
}
