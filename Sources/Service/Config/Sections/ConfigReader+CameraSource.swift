import InputSafety

/// A camera's `url`, `username` and `password`: where to open it, and with which credentials.
extension ConfigReader {
    struct CameraSource {
        let url: String
        let username: String?
        let password: ServeConfig.Secret?
        let resolvedPassword: SecretValue?
    }

    func cameraSource(_ given: MappingFields, kind: ServeConfig.Camera.Kind, id: String) -> CameraSource? {
        guard let urlField = required("url", in: given, kind.isLive ? "the stream URL" : "the path of the file"),
              let location = kind.isLive ? streamLocation(urlField) : fileLocation(urlField) else { return nil }
        var username = given["username"].flatMap(string)
        if let inline = location.user {
            if let field = given["username"] { log.add(field, "the URL already names a user; give it once") }
            username = inline
        }
        let secret = given["password"].flatMap { password($0, camera: id) }
        if !kind.isLive, let field = given["username"] ?? given["password"] { log.add(field, "only for live sources, not kind file") }
        return CameraSource(url: location.url, username: username, password: secret?.source, resolvedPassword: secret?.value)
    }

    /// A live source: a URL of a stream scheme with a host, no password in it, no spaces. A user written into the
    /// URL is taken out of it and returned.
    private func streamLocation(_ field: Field) -> (url: String, user: String?)? {
        guard let text = string(field) else { return nil }
        let shown = quoted(URLCredentials.maskingURLs(in: text))
        guard let url = StreamURL(text), StreamURL.streamSchemes.contains(url.scheme) else {
            let hint = text.contains("://") ? "" : " (for a recording use kind: file)"
            log.add(field, "\(shown) is not a stream URL (rtsp, rtmp, http(s), udp, srt) or a file\(hint)")
            return nil
        }
        let problem = url.carriesPassword ? "carries a password: take it out and give password: {env: NAME} or {file: PATH}"
            : url.host.isEmpty ? "\(shown) has no host"
            : url.port.map({ Int($0).map { !(1...65535).contains($0) } ?? true }) == true ? "\(shown) has no port 1 to 65535"
            : text.contains(where: { $0.isWhitespace || $0.unicodeScalars.first!.value < 0x20 }) ? "\(shown) contains spaces"
            : nil
        if let problem {
            log.add(field, problem)
            return nil
        }
        return (url.replacingUserInfo(with: ""), url.user)
    }

    private func fileLocation(_ field: Field) -> (url: String, user: String?)? {
        guard let text = string(field) else { return nil }
        guard !text.contains("://") else {
            log.add(field, "kind file takes a file path, got the URL \(quoted(URLCredentials.maskingURLs(in: text)))")
            return nil
        }
        return (resolve(text), nil)
    }
}
