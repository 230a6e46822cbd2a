import Media
import Service
import Testing

/// `recording:` per camera and in `defaults` (#23): incident clips on by default, keys overriding one by one, bad
/// values refused with their path.
struct RecordingConfigTests {
    @Test func clipsAreOnByDefaultAndACameraOverridesTheDefaultsKeyByKey() throws {
        let config = try load(minimalConfig + """
            defaults: {recording: {pre_roll: 5, post_roll: 15}}
            cameras:
              - {id: a, kind: fixed, url: 'rtsp://h/a'}
              - {id: b, kind: fixed, url: 'rtsp://h/b', recording: {post_roll: 30, max_clip: 20, ring_mib: 8}}
              - {id: c, kind: fixed, url: 'rtsp://h/c', recording: {mode: off}}
            """)
        let specs = Dictionary(uniqueKeysWithValues: config.cameras.map { ($0.id, $0.spec(in: config)) })
        let a = try #require(specs["a"]?.recording)
        #expect(a.preRoll == 5 && a.postRoll == 15 && a.maxSeconds == 120)
        #expect(a.directory == "/tmp/sharpeyes-test/snapshots")
        #expect(a.ringLimits.seconds == 5 + RecordingSettings.decisionDelay && a.ringLimits.bytes == 32 << 20)
        let b = try #require(specs["b"]?.recording)
        #expect(b.preRoll == 5 && b.postRoll == 30, "the defaults' pre-roll, its own post-roll")
        #expect(b.maxSeconds == 35, "never shorter than pre-roll plus post-roll")
        #expect(b.ringBytes == 8 << 20)
        #expect(specs["c"]?.recording == nil)
        #expect(a.segmentSeconds == nil, "events: clips only")
        let continuous = try load(minimalConfig + "cameras:\n  - {id: e, kind: fixed, url: 'rtsp://h/e', recording: {mode: continuous, segment_seconds: 6}}\n")
        #expect(continuous.cameras.first?.spec(in: continuous).recording?.segmentSeconds == 6)
        let plain = try load(minimalConfig + "cameras:\n  - {id: d, kind: fixed, url: 'rtsp://h/d'}\n")
        let d = try #require(plain.cameras.first?.spec(in: plain).recording)
        #expect(d.preRoll == 10 && d.postRoll == 20)
    }

    @Test(arguments: [
        ("{mode: always}", "cameras[0].recording.mode: expected off, events or continuous, got 'always'"),
        ("{segment_seconds: 1}", "cameras[0].recording.segment_seconds: must be 2 to 600, got 1"),
        ("{pre_roll: 90}", "cameras[0].recording.pre_roll: must be 0 to 60, got 90"),
        ("{post_roll: 0}", "cameras[0].recording.post_roll: must be 1 to 300, got 0"),
        ("{ring_mib: 0}", "cameras[0].recording.ring_mib: must be 1 to 1024, got 0"),
        ("{preroll: 3}", "cameras[0].recording.preroll: unknown key (did you mean pre_roll?)"),
    ])
    func badRecordingIsRefusedWithItsPath(recording: String, message: String) throws {
        let error = try #require(loadError(config(camera: "{id: a, kind: fixed, url: 'rtsp://h/a', recording: \(recording)}")))
        #expect("\(error)".contains(message), "\(error)")
    }
}
