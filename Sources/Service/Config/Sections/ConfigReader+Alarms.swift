import Dispatching
import Incidents
import Severities

/// `alarms: {max_age: 60, devices: [{id, name, kind, position: [lat, lon], severity, camera}]}`: `id` required
/// (a device token's `--force`, or a GB/T 28181 alarm's DeviceID); the rest default to the id, `one_button`, no
/// position (the nearest camera cannot then be found: give `camera`), `critical` and the nearest camera.
extension ConfigReader {
    private static let deviceKeys = ["id", "name", "kind", "position", "severity", "camera"]

    func alarms(_ field: Field?, cameras: [ServeConfig.Camera]) -> ServeConfig.Alarms? {
        guard let field, let section = mapping(field, known: ["max_age", "devices"]) else { return nil }
        let maxAge = section["max_age"].flatMap { number($0, .within(ServeConfig.Alarms.maxAgeRange)) } ?? 60
        var devices: [AlarmDesk.Device] = [], seen: Set<String> = []
        for item in section["devices"].flatMap(list) ?? [] {
            guard let device = device(item, cameras: Set(cameras.map(\.id))) else { continue }
            guard seen.insert(device.id).inserted else {
                log.add(item, "device \(quoted(device.id)) is listed twice")
                continue
            }
            devices.append(device)
        }
        return ServeConfig.Alarms(devices: devices, maxAge: maxAge)
    }

    private func device(_ field: Field, cameras: Set<String>) -> AlarmDesk.Device? {
        guard let given = mapping(field, known: Self.deviceKeys) else { return nil }
        guard let idField = given["id"], let id = string(idField) else {
            log.add(field, "a device needs an id (its token's --force, or its GB/T 28181 DeviceID)")
            return nil
        }
        guard !id.isEmpty, id.count <= 64 else {
            log.add(idField, "an id of 1 to 64 characters")
            return nil
        }
        let position = given["position"].flatMap(position).map { Coordinate(latitude: $0.latitude, longitude: $0.longitude) }
        var severity = Severity.critical
        if let severityField = given["severity"], let text = string(severityField) {
            if let level = Severity(rawValue: text) { severity = level } else { log.add(severityField, "expected \(Severity.names), got \(quoted(text))") }
        }
        let camera = given["camera"].flatMap(string)
        // A GB/T 28181 channel is a camera too, known once its device reports it: 20 digits pass.
        if let camera, !cameras.contains(camera), !(camera.count == 20 && camera.allSatisfy({ $0.isASCII && $0.isNumber })), let cameraField = given["camera"] {
            log.add(cameraField, "no camera \(quoted(camera)) in cameras: (nor a 20-digit GB/T 28181 channel ID)")
        }
        if position == nil, camera == nil {
            log.add(field, "device \(quoted(id)) needs a position (its alarms go to the nearest camera) or a camera")
        }
        return AlarmDesk.Device(id: id, name: given["name"].flatMap(string) ?? id, kind: given["kind"].flatMap(string) ?? "one_button",
                                position: position, severity: severity, camera: camera)
    }
}
