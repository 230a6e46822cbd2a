import Foundation
import InputSafety
import Service
import Testing

/// Each malformed config names the setting at fault.
struct InvalidConfigTests {
    static let cameraCases: [(String, String)] = [
        (config(camera: "{id: a, kind: fixed, url: 'rtsp://h/s', sampel: {fps: 2}}"),
         "cameras[0].sampel: unknown key (did you mean sampling?)"),
        (config(camera: "{id: a, kind: fixed, url: 'rtsp://h/s', zzz: 1}"), "cameras[0].zzz: unknown key (expected one of: id, name,"),
        (config(camera: "{id: a, kind: fixed, url: 'rtsp://h/s', position: [45.7, .inf]}"),
         "cameras[0].position[1]: must be a finite number, got '.inf'"),
        (config(camera: "{id: a, kind: fixed, url: 'rtsp://h/s', position: [95, 126]}"), "cameras[0].position[0]: must be -90 to 90, got 95"),
        (config(camera: "{id: a, kind: fixed, url: 'rtsp://h/s', position: [45]}"), "cameras[0].position: give [latitude, longitude]"),
        (config(camera: "{id: a, kind: fixed, url: 'rtsp://h/s', sampling: {fps: 0}}"),
         "cameras[0].sampling.fps: must be more than 0 and at most 60, got 0"),
        (config(camera: "{id: a, kind: fixed, url: 'rtsp://h/s', sampling: {every: 0}}"), "cameras[0].sampling.every: must be 1 to 1000, got 0"),
        (config(camera: "{id: a, kind: fixed, url: 'rtsp://h/s', sampling: {fps: 2, every: 3}}"), "cameras[0].sampling: give exactly one of"),
        (config(camera: "{id: a, kind: fixed, url: 'rtsp://h/s', sampling: {keyframes: false}}"), "cameras[0].sampling.keyframes: only keyframes: true"),
        (config(camera: "{id: a, kind: fixed, url: 'rtsp://h/s', stages: [faces, faces]}"), "cameras[0].stages[1]: faces is listed twice"),
        (config(camera: "{id: a, kind: fixed, url: 'rtsp://h/s', stages: [ears]}"), "cameras[0].stages[0]: expected motion, faces or plates, got 'ears'"),
        (config(camera: "{id: a, kind: fixed, url: 'rtsp://h/s', stages: []}"), "cameras[0].stages: give at least one"),
        (config(camera: "{id: a, kind: fixed, url: 'rtsp://h/s', stages: [plates], motion_gate: true}"),
         "cameras[0].motion_gate: needs the motion stage"),
        (config(camera: "{id: a, kind: fixed, url: 'rtsp://h/s', stages: [plates], store_unknown_faces: true}"),
         "cameras[0].store_unknown_faces: needs the faces stage: add faces to stages, or set store_unknown_faces: false"),
        (config(camera: "{id: a, kind: fixed, url: 'rtsp://h/s', store_unknown_faces: maybe}"),
         "cameras[0].store_unknown_faces: expected true or false, got 'maybe'"),
        (config(camera: "{id: a, kind: fixed, url: 'rtsp://h/s', unknown_faces_days: 3}"),
         "cameras[0].unknown_faces_days: only with store_unknown_faces: true"),
        (config(camera: "{id: a, kind: fixed, url: 'rtsp://h/s', store_unknown_faces: true, unknown_faces_days: 0}"),
         "cameras[0].unknown_faces_days: must be 1 to 365, got 0"),
        (config(camera: "{id: a, kind: fixed, url: 'rtsp://h/s', store_unknown_faces: true, unknown_faces_days: 1.5}"),
         "cameras[0].unknown_faces_days: expected an integer, got '1.5'"),
        (config(camera: "{kind: fixed, url: 'rtsp://h/s'}"), "cameras[0].id: missing"),
        (config(camera: "{id: 'a b', kind: fixed, url: 'rtsp://h/s'}"), "cameras[0].id: must be 1-64 characters of A-Z, a-z, 0-9, '_', '.', '-', got 'a b'"),
        (config(camera: "{id: a, url: 'rtsp://h/s'}"), "cameras[0].kind: missing"),
        (config(camera: "{id: a, kind: cam, url: 'rtsp://h/s'}"), "cameras[0].kind: expected one of fixed, eagle_eye, drone, checkpoint, file, got 'cam'"),
        (config(camera: "{id: a, kind: fixed}"), "cameras[0].url: missing: give the stream URL"),
        (config(camera: "{id: a, kind: fixed, url: 'ftp://x'}"),
         "cameras[0].url: 'ftp://x' is not a stream URL (rtsp, rtmp, http(s), udp, srt) or a file"),
        (config(camera: "{id: a, kind: fixed, url: 'clip.mp4'}"), "is not a stream URL (rtsp, rtmp, http(s), udp, srt) or a file (for a recording use kind: file)"),
        (config(camera: "{id: a, kind: file, url: 'rtsp://h/s'}"), "cameras[0].url: kind file takes a file path, got the URL 'rtsp://h/s'"),
        (config(camera: "{id: a, kind: fixed, url: 'rtsp:///s'}"), "cameras[0].url: 'rtsp:///s' has no host"),
        (config(camera: "{id: a, kind: fixed, url: 'rtsp://h/s', loop: true}"), "cameras[0].loop: only for kind file"),
        (config(camera: "{id: a, kind: file, url: x.mp4, read_timeout: 3}"), "cameras[0].read_timeout: only for live sources"),
        (config(camera: "{id: a, kind: fixed, url: 'rtsp://h/s', read_timeout: 301}"), "cameras[0].read_timeout: must be more than 0 and at most 300"),
        (config(camera: "{id: a, kind: fixed, url: 'rtsp://h/s', grid: Z}"), "cameras[0].grid: no grid 'Z' (the config defines no grids)"),
        (config(camera: "{id: a, kind: fixed, url: 'rtsp://u@h/s', username: v}"), "cameras[0].username: the URL already names a user"),
        (config(camera: "{id: a, kind: fixed, url: 'rtsp://h/s', password: {env: X, file: y}}"), "cameras[0].password: give exactly one of"),
        (config(camera: "{id: a, kind: fixed, url: 'rtsp://h/s', password: {envv: X}}"), "cameras[0].password.envv: unknown key (did you mean env?)"),
    ]

    static let otherCases: [(String, String)] = [
        (minimalConfig + "workers: two", "workers: expected an integer, got 'two'"),
        (minimalConfig + "workers: 100", "workers: must be 1 to 64, got 100"),
        (minimalConfig + "camera: []", "camera: unknown key (did you mean cameras?)"),
        (minimalConfig + "recognition: {face_tolerance: .nan}", "recognition.face_tolerance: must be a finite number, got '.nan'"),
        (minimalConfig + "recognition: {repeat_window: -.inf}", "recognition.repeat_window: must be a finite number, got '-.inf'"),
        (minimalConfig + "recognition: {face_tolerance: 1.5}", "recognition.face_tolerance: must be 0.1 to 1.2, got 1.5"),
        (minimalConfig + "recognition: {track_max_seconds: 5}", "recognition.track_max_seconds: must be 10 to 86400, got 5"),
        (minimalConfig + "recognition: {face_small_size: 10}", "recognition.face_small_size: must be 0 (off) or 20 to 200, got 10"),
        (minimalConfig + "recognition: {keep_unknown_faces: maybe}", "recognition.keep_unknown_faces: expected true or false, got 'maybe'"),
        (minimalConfig + "cameras: {id: a}", "cameras: expected a list, got a mapping"),
        ("workers: 2", "storage: missing: give storage: {database: PATH}"),
        ("storage: {snapshots: /x}", "storage.database: missing"),
        (minimalConfig.replacingOccurrences(of: "}", with: ", retention: {sightings_days: -1}}"),
         "storage.retention.sightings_days: must be 0 to 36500, got -1"),
        (minimalConfig + "http: {listen: localhost}", "http.listen: 'localhost' is not host:port"),
        (minimalConfig + "http: {listen: '0.0.0.0:70000'}", "http.listen: '0.0.0.0:70000' has no port 1 to 65535"),
        (minimalConfig + "http: {listen: '::1:8080'}", "http.listen: '::1:8080' has an IPv6 address without brackets"),
        (minimalConfig + "http: {listen: '[::g]:8080'}", "http.listen: '[::g]:8080' has no valid IPv6 address"),
        (minimalConfig + "http: {listen: '300.1.1.1:80'}", "http.listen: '300.1.1.1:80' has no valid IPv4 address"),
        (minimalConfig + "http: {listen: 'bad_host:80'}", "http.listen: 'bad_host:80' has no valid host name"),
        (minimalConfig + "http: {public_url: 'ftp://x'}", "http.public_url: 'ftp://x' is not an http(s) URL with a host"),
        (minimalConfig + "http: {public_url: 'http://u:p@x'}", "http.public_url: must not carry a user or password"),
        (minimalConfig + "defaults: {sampling: {fps: 100}}", "defaults.sampling.fps: must be more than 0 and at most 60, got 100"),
        (minimalConfig + "defaults: {url: x}", "defaults.url: unknown key"),
        (minimalConfig + "defaults: {unknown_faces_days: 400}", "defaults.unknown_faces_days: must be 1 to 365, got 400"),
    ]

    @Test(arguments: cameraCases + otherCases)
    func namesTheSetting(yaml: String, expected: String) {
        let error = loadError(yaml)
        #expect(error?.kind == .invalid)
        #expect(error?.description.contains(expected) == true, "\(error?.description ?? "")")
    }

    @Test func duplicateIDsNameBothCameras() {
        let yaml = minimalConfig + """
        cameras:
          - {id: a, kind: fixed, url: 'rtsp://h/1'}
          - {id: b, kind: fixed, url: 'rtsp://h/2'}
          - {id: a, kind: fixed, url: 'rtsp://h/3'}
        """
        #expect(loadError(yaml)?.description == "config:5: cameras[2].id: 'a' is also the id of cameras[0]")
    }

    @Test func everyProblemIsReportedWithItsLine() throws {
        let yaml = """
        storage:
          database: /var/lib/sharpeyes/db.sqlite
        workers: two
        http: {listen: nowhere}
        cameras:
          - id: a
            kind: fixed
            url: ftp://x
          - id: b
            kind: drone
            url: rtsp://h/s
            sampel: {fps: 2}
        """
        let error = try #require(loadError(yaml))
        #expect(error.errors.map(\.path) == ["workers", "http.listen", "cameras[0].url", "cameras[1].sampel"])
        #expect(error.errors.map(\.line) == [3, 4, 8, 12])
        #expect(error.description == """
        config:3: workers: expected an integer, got 'two'
        config:4: http.listen: 'nowhere' is not host:port
        config:8: cameras[0].url: 'ftp://x' is not a stream URL (rtsp, rtmp, http(s), udp, srt) or a file
        config:12: cameras[1].sampel: unknown key (did you mean sampling?)
        """)
        #expect(error.message == "config: 4 problems")
    }

    @Test func manyProblemsAreCapped() throws {
        let keys = (0..<300).map { "key\($0): 1" }.joined(separator: "\n")
        let error = try #require(loadError(minimalConfig + keys))
        #expect(error.errors.count == 101)
        #expect(error.errors.last?.message == "200 more problems not shown")
    }
}
