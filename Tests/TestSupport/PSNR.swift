import Foundation

/// ffmpeg's PSNR (dB) of a video's frame at `offset` seconds against a picture of the same size: how alike a clip's
/// or a ring's frame is to a snapshot. Throws when ffmpeg gives no figure (a size mismatch, an unreadable file).
public func ffmpegPSNR(_ video: String, at offset: Double, against picture: String) async throws -> Double {
    let child = try await ChildProcess.start("/usr/bin/ffmpeg", [
        "-hide_banner", "-ss", String(format: "%.2f", offset), "-i", video, "-i", picture, "-lavfi",
        "[0:v]format=yuv420p[a];[1:v]format=yuv420p[b];[a][b]psnr", "-frames:v", "1", "-f", "null", "-",
    ])
    _ = await child.exit(timeout: 60)
    let average = child.stderr.components(separatedBy: "average:").last?.split(separator: " ").first
    guard let value = average.flatMap({ Double($0) }) else {
        throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "ffmpeg psnr: \(child.stderr.suffix(500))"])
    }
    return value
}
