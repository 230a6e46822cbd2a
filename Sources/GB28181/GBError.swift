import Media

/// Why a GB/T 28181 channel could not be played; media errors of kind `.unreachable`, so a channel camera backs off
/// and tries again as any unreachable camera does.
public enum GBError {
    static func offline(_ deviceID: String) -> MediaError {
        MediaError(.unreachable, "GB28181 device \(deviceID) is offline (not registered)")
    }

    static func noAnswer(_ deviceID: String, _ method: String) -> MediaError {
        MediaError(.unreachable, "GB28181 device \(deviceID) did not answer the \(method)")
    }

    static func noVideo(_ deviceID: String, _ channelID: String, _ timeout: Duration) -> MediaError {
        MediaError(.unreachable, "GB28181 device \(deviceID) answered the INVITE for channel \(channelID) but sent no video within \(timeout)")
    }

    static func refused(_ deviceID: String, _ channelID: String, _ code: Int, _ reason: String) -> MediaError {
        MediaError(.unreachable, "GB28181 device \(deviceID) refused to play channel \(channelID): \(code) \(reason)")
    }
}
