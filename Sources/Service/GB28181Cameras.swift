import Pipeline
import GB28181
import Incidents
import Media

extension ServeConfig.GB28181 {
    /// The platform's settings, device passwords included.
    var platformSettings: PlatformSettings {
        let passwords = self
        return PlatformSettings(
            id: id, domain: domain, host: listen.host, port: listen.port, mediaAddress: mediaAddress,
            rtpPorts: rtpPorts, mediaTransport: mediaTransport == "tcp" ? .tcp : .udp,
            keepaliveInterval: keepaliveInterval, password: { passwords.password(of: $0) }
        )
    }

    /// The cameras for a device's channels that a rule selects: the channel ID is the camera ID, its Catalog name
    /// the camera's name, and the platform opens its video.
    func cameras(platform: SIPPlatform, deviceID: String, channels: [DeviceStatus.ChannelInfo],
                 in config: ServeConfig) -> [CameraSpec] {
        channels.compactMap { channel in
            guard let rule = rule(for: channel.id) else { return nil }
            var spec = rule.template.spec(in: config)
            let url = "gb28181://\(deviceID)/\(channel.id)"
            spec.camera = Camera(id: channel.id, name: channel.name, kind: spec.camera.kind, url: url)
            spec.streamURL = url
            spec.displayURL = url
            spec.options.source.displayName = url
            spec.options.source.byteStream = ChannelOpener(platform: platform, deviceID: deviceID, channelID: channel.id)
            return spec
        }
    }
}
