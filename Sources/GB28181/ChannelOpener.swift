public import Media

/// Opens a GB/T 28181 channel as a byte stream for `Source`: INVITE the device, receive its RTP/PS.
///
/// ```swift
/// var options = SourceOptions()
/// options.byteStream = ChannelOpener(platform: platform, deviceID: device, channelID: channel)
/// let source = try Source(url: "gb28181://\(device)/\(channel)", options: options)
/// ```
public struct ChannelOpener: ByteStreamOpener {
    public let platform: SIPPlatform
    public let deviceID: String
    public let channelID: String
    public var formatName: String { "mpeg" }

    public init(platform: SIPPlatform, deviceID: String, channelID: String) {
        self.platform = platform
        self.deviceID = deviceID
        self.channelID = channelID
    }

    public func open(timeout: Duration, isStopped: @escaping @Sendable () -> Bool) throws -> any ByteStream {
        try platform.play(deviceID: deviceID, channelID: channelID, timeout: timeout, isStopped: isStopped)
    }
}
