import Foundation

/// What ffprobe reads of a video file: its duration, codec, and the packets of its video stream.
public struct ClipProbe: Sendable {
    public let duration: Double
    public let codec: String
    /// Presentation times of the video packets, in file order, and which of them are keyframes.
    public let packetTimes: [Double]
    public let keyframes: [Bool]

    /// Probes `path` with /usr/bin/ffprobe; throws when ffprobe cannot read it.
    public init(_ path: String) async throws {
        let child = try await ChildProcess.start("/usr/bin/ffprobe", [
            "-v", "error", "-select_streams", "v:0", "-show_entries", "format=duration:stream=codec_name:packet=pts_time,flags",
            "-of", "json", path,
        ])
        let status = await child.exit(timeout: 60)
        guard status == 0, let json = try JSONSerialization.jsonObject(with: Data(child.stdout.utf8)) as? [String: Any] else {
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "ffprobe \(path): \(child.stderr)"])
        }
        let format = json["format"] as? [String: Any] ?? [:]
        duration = Double(format["duration"] as? String ?? "") ?? 0
        codec = ((json["streams"] as? [[String: Any]])?.first?["codec_name"] as? String) ?? ""
        let packets = json["packets"] as? [[String: Any]] ?? []
        packetTimes = packets.map { Double($0["pts_time"] as? String ?? "") ?? -1 }
        keyframes = packets.map { ($0["flags"] as? String ?? "").hasPrefix("K") }
    }

    /// The first packet is a keyframe: the file plays from its start without anything before it.
    public var startsOnKeyframe: Bool { keyframes.first == true }
}
