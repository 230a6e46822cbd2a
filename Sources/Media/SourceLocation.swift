import CFFmpeg
import Glibc

/// What a source URL may name, checked before FFmpeg opens anything.
extension Source {
    /// The FFmpeg protocols a camera or a recording may use, with those they open underneath (RTSP's RTP over UDP or
    /// TCP, HLS segments over HTTP(S) or from files, TLS, RTMP tunnelled over HTTP). Left out on purpose: `pipe:`
    /// (standard input), `concat:` and `subfile:` (other files stitched in), `data:`, `fd:` and the rest.
    public static let cameraProtocols = [
        "file", "rtsp", "rtsps", "rtp", "srtp", "udp", "tcp", "tls", "http", "https", "httpproxy", "hls", "crypto",
        "rtmp", "rtmps", "rtmpt", "rtmpts", "ffrtmphttp", "srt",
    ].joined(separator: ",")

    /// Refuses a URL whose protocol is not in `allowed` (FFmpeg's `protocol_whitelist` refuses it too, but says only
    /// "Invalid argument"), and a local path that is not a regular file: opening a FIFO blocks until a writer comes,
    /// and no stop or deadline can interrupt that `open`.
    static func checkLocation(_ url: String, allowed: String, name: String) throws {
        let scheme = protocolName(of: url)
        let allowedNames = allowed.split(separator: ",").map(String.init)
        guard scheme.split(separator: "+").allSatisfy({ allowedNames.contains(String($0)) }) else {
            throw MediaError(.notFound, "cannot open \(name): the protocol '\(scheme)' is not allowed (allowed: \(allowed))")
        }
        if scheme == "file" { try checkRegularFile(url.hasPrefix("file:") ? String(url.dropFirst(5)) : url, name: name) }
    }

    /// The protocol FFmpeg would pick: the URL's leading letters, digits, `+`, `-` and `.` when a `:` follows them,
    /// else `file` (a path).
    static func protocolName(of url: String) -> String {
        let prefix = url.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }
        if url.hasPrefix("subfile,") { return "subfile" }
        guard !prefix.isEmpty, url.dropFirst(prefix.count).first == ":" else { return "file" }
        return prefix.lowercased()
    }

    /// A path that exists must be a regular file (or a link to one); a missing one is left to FFmpeg's "no such file".
    private static func checkRegularFile(_ path: String, name: String) throws {
        var info = stat()
        guard stat(path, &info) == 0 else { return }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw MediaError(.notVideo, "\(name) is not a regular file (a folder, a pipe or a device): give a recording")
        }
    }
}

extension AVErrorCode {
    /// Out of file descriptors (per process or system-wide) or memory: a condition that passes, not a bad source.
    var isResourceExhaustion: Bool {
        [EMFILE, ENFILE, ENOMEM].contains { rawValue == CFFmpeg_AVERROR($0) }
    }
}
