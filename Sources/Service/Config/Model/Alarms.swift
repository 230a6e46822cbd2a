public import Dispatching
import Severities

extension ServeConfig {
    /// `alarms:`: the devices that may raise alarms (one-button alarms, door seals, GB/T 28181 devices by their
    /// alarm's DeviceID) and how old an alarm may be.
    public struct Alarms: Sendable, Equatable {
        public var devices: [AlarmDesk.Device]
        /// Seconds; older alarms are refused as stale (409).
        public var maxAge: Double

        public static let maxAgeRange = 5.0...3600.0

        /// `alarms: 2 device(s) (school-12 one_button at the nearest camera, …), older than 60 s refused`.
        var summary: String {
            let listed = devices.map { device in
                let seals = device.seals.map { " sealing unit \($0.unit) of \($0.community)," } ?? ""
                return "\(device.id) \(device.kind)\(seals) at \(device.camera.map { "camera \($0)" } ?? "the nearest camera"), \(device.severity.rawValue)"
            }
            return "alarms: \(devices.count) device(s) (\(listed.joined(separator: "; "))), older than \(Int(maxAge)) s refused"
        }
    }
}
