import Foundation
import Service
import Testing

/// Passwords come from the environment or a file, and never show.
struct SecretTests {
    private let secret = "S3cr3t-Xy!"

    @Test func literalPasswordIsRefusedWithoutRepeatingIt() throws {
        let error = try #require(loadError(config(camera: "{id: a, kind: fixed, url: 'rtsp://h/s', password: \(secret)}")))
        #expect(error.description == "config:3: cameras[0].password: write {env: NAME} or {file: PATH}: passwords are not written in this file")
    }

    @Test(arguments: ["rtsp://admin:S3cr3t-Xy!@h/s", "http://h/video.cgi?user=admin&pwd=S3cr3t-Xy!"])
    func passwordInTheURLIsRefusedWithoutRepeatingIt(url: String) throws {
        let error = try #require(loadError(config(camera: "{id: a, kind: fixed, url: '\(url)'}")))
        #expect(error.description.contains("cameras[0].url: carries a password"))
        #expect(!error.description.contains(secret))
    }

    /// Not userinfo by RFC 3986 (the `/` ends the authority), but still a password, and never shown.
    @Test func passwordWithAnUnencodedSlashIsNotShown() throws {
        let error = try #require(loadError(config(camera: "{id: a, kind: fixed, url: 'rtsp://admin:S3cr3t/Xy@h/s'}")))
        #expect(error.description == "config:3: cameras[0].url: 'rtsp://admin:***@h/s' has no port 1 to 65535")
    }

    @Test func missingVariableNamesTheCamera() throws {
        let yaml = config(camera: "{id: gate-1, kind: fixed, url: 'rtsp://h/s', password: {env: GATE1_PASSWORD}}")
        let error = try #require(loadError(yaml))
        #expect(error.description == "config:3: cameras[0].password: environment variable GATE1_PASSWORD is not set (camera gate-1)")
        #expect(loadError(yaml, environment: ["GATE1_PASSWORD": ""])?.description.contains("is empty (camera gate-1)") == true)
    }

    @Test func passwordFromAFileIsItsFirstLineTrimmed() throws {
        let folder = try temporaryFolder()
        try "  \(secret)  \nsecond line\n".write(toFile: folder + "/gate.pass", atomically: true, encoding: .utf8)
        let yaml = minimalConfig + "cameras: [{id: a, kind: fixed, url: 'rtsp://h:554/s', username: 'ad min', password: {file: gate.pass}}]"
        let camera = try #require(try ServeConfig(yaml: yaml, baseDirectory: folder, environment: [:]).cameras.first)
        #expect(camera.password == .file(folder + "/gate.pass"))
        #expect(camera.streamURL == "rtsp://ad%20min:S3cr3t-Xy%21@h:554/s")
        #expect(camera.displayURL == "rtsp://ad%20min:***@h:554/s")
        #expect(!"\(camera)".contains(secret) && !String(reflecting: camera).contains(secret))
    }

    @Test func unreadablePasswordFileNamesFileAndCamera() throws {
        let yaml = config(camera: "{id: a, kind: fixed, url: 'rtsp://h/s', password: {file: /nonexistent/gate.pass}}")
        let error = try #require(loadError(yaml))
        #expect(error.description == "config:3: cameras[0].password: password file /nonexistent/gate.pass cannot be read: No such file or directory (camera a)")
    }

    @Test func emptyPasswordFileIsRefused() throws {
        let folder = try temporaryFolder()
        try "\n".write(toFile: folder + "/empty.pass", atomically: true, encoding: .utf8)
        let yaml = minimalConfig + "cameras: [{id: a, kind: fixed, url: 'rtsp://h/s', password: {file: empty.pass}}]"
        #expect(throws: ConfigError.self) { try ServeConfig(yaml: yaml, baseDirectory: folder, environment: [:]) }
    }

    @Test func userInTheURLMovesToUsername() throws {
        let config = try load(config(camera: "{id: a, kind: fixed, url: 'rtsp://viewer@h/s', password: {env: P}}"), environment: ["P": secret])
        let camera = try #require(config.cameras.first)
        #expect(camera.url == "rtsp://h/s")
        #expect(camera.username == "viewer")
        #expect(camera.streamURL == "rtsp://viewer:S3cr3t-Xy%21@h/s")
    }

    @Test func redactionStripsPasswordsFromAnyURLInText() {
        let text = "cannot open 'rtsp://admin:pw@10.0.0.5/s' or http://h/v.cgi?user=a&PWD=pw&x=1 (rtsp://:pw@h)"
        #expect(ServeConfig.Camera.redactingPasswords(in: text)
            == "cannot open 'rtsp://admin:***@10.0.0.5/s' or http://h/v.cgi?user=a&PWD=***&x=1 (rtsp://:***@h)")
    }
}
