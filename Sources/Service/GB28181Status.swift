import Foundation
import GB28181
public import AnalysisKit

/// The status `serve` reports when it is a GB/T 28181 platform: the cameras, with each channel camera's device
/// keepalive, and each registered device as a component of `/health` (online or not, when it last kept alive,
/// how many channels it reported).
public struct GB28181Status: StatusSource {
    let cameras: any StatusSource
    let platform: SIPPlatform

    public func cameras() async -> [CameraStatus] {
        let devices = Dictionary(platform.devices.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return await cameras.cameras().map { camera in
            guard let deviceID = Self.deviceID(inURL: camera.url), let device = devices[deviceID] else { return camera }
            var camera = camera
            camera.lastKeepaliveAt = device.lastKeepalive ?? device.registeredAt
            // The camera's own error often says so already ("… is offline (not registered)"): said once.
            let offline = "GB28181 device \(deviceID) is offline"
            if !device.online, camera.state != .live, camera.lastError?.hasPrefix(offline) != true {
                camera.lastError = offline + (camera.lastError.map { ": \($0)" } ?? "")
            }
            return camera
        }
    }

    public func components() async -> [ComponentHealth] {
        let now = Date()
        let devices = platform.devices.map { device in
            let seen = (device.lastKeepalive ?? device.registeredAt).map { String(format: "%.0f s ago", now.timeIntervalSince($0)) }
            let detail = "\(device.online ? "online" : "offline") over \(device.transport) from \(device.address), "
                + "last keepalive \(seen ?? "never"), \(device.channels.count) channel(s)"
            return ComponentHealth(name: "gb28181.\(device.id)", status: device.online ? .ok : .degraded, detail: detail)
        }
        return await cameras.components() + devices
    }

    /// `gb28181://DEVICE/CHANNEL` → DEVICE.
    static func deviceID(inURL url: String) -> String? {
        guard url.hasPrefix("gb28181://") else { return nil }
        return url.dropFirst("gb28181://".count).split(separator: "/").first.map(String.init)
    }
}
