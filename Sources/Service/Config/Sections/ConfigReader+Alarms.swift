import Communities
import Dispatching
import Foundation
import Incidents
import Severities

/// `alarms: {max_age: 60, devices: [{id, name, kind, position: [lat, lon], severity, camera, community, unit}]}`:
/// `id` required (a device token's `--force`, or a GB/T 28181 alarm's DeviceID); the rest default to the id,
/// `one_button`, no position (the nearest camera cannot then be found: give `camera`), `critical` and the nearest
/// camera. A `door_seal` may name the `community` and `unit` whose door it seals (both or neither): its door opened
/// while a resident of the unit is under watch raises the key-person incident. An unknown community is an error
/// (the config names every community); whether the unit has residents is the register's to say, which changes while
/// `serve` runs, so `serve` only warns at start (`CommunityGates.checkSeals`).
extension ConfigReader {
    private static let deviceKeys = ["id", "name", "kind", "position", "severity", "camera", "community", "unit"]

    func alarms(_ field: Field?, cameras: [ServeConfig.Camera], communities: [ServeConfig.Community]) -> ServeConfig.Alarms? {
        guard let field, let section = mapping(field, known: ["max_age", "devices"]) else { return nil }
        let maxAge = section["max_age"].flatMap { number($0, .within(ServeConfig.Alarms.maxAgeRange)) } ?? 60
        var devices: [AlarmDesk.Device] = [], seen: Set<String> = []
        for item in section["devices"].flatMap(list) ?? [] {
            guard let device = device(item, cameras: Set(cameras.map(\.id)), communities: Set(communities.map(\.id))) else { continue }
            guard seen.insert(device.id).inserted else {
                log.add(item, "device \(quoted(device.id)) is listed twice")
                continue
            }
            devices.append(device)
        }
        return ServeConfig.Alarms(devices: devices, maxAge: maxAge)
    }

    /// A door seal's `community` and `unit`, checked: both or neither, a configured community, a door seal's only.
    private func sealedUnit(_ given: MappingFields, device: AlarmDesk.Device, communities: Set<String>) -> AlarmDesk.SealedUnit? {
        let (communityField, unitField) = (given["community"], given["unit"])
        guard communityField != nil || unitField != nil else { return nil }
        guard let communityField, let unitField, let community = string(communityField), let unit = string(unitField) else {
            if communityField == nil || unitField == nil {
                log.add(given.field, "device \(quoted(device.id)): a door seal names both the community and the unit it seals")
            }
            return nil
        }
        var valid = true
        if device.kind != AlarmDesk.doorSeal {
            log.add(unitField, "device \(quoted(device.id)) is a \(device.kind): only a kind: \(AlarmDesk.doorSeal) device seals a unit")
            valid = false
        }
        if !communities.contains(community) {
            let known = communities.isEmpty ? "none is configured" : "known: \(communities.sorted().joined(separator: ", "))"
            log.add(communityField, "no community \(quoted(community)) in communities: (\(known))")
            valid = false
        }
        if unit.isEmpty || unit.count > 64 {
            log.add(unitField, "a unit of 1 to 64 characters, as the community's register names it")
            valid = false
        }
        return valid ? AlarmDesk.SealedUnit(community: community, unit: unit) : nil
    }

    private func device(_ field: Field, cameras: Set<String>, communities: Set<String>) -> AlarmDesk.Device? {
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
        var device = AlarmDesk.Device(id: id, name: given["name"].flatMap(string) ?? id, kind: given["kind"].flatMap(string) ?? "one_button",
                                      position: position, severity: severity, camera: camera)
        device.seals = sealedUnit(given, device: device, communities: communities)
        return device
    }

    /// A sealed door's key-person incident is of kind `alarm`, and the first rule an incident meets dispatches it: a
    /// rule for every alarm (`when: {kind: alarm}`, no watchlist) listed before the community's rule would send it to
    /// the police forces that rule names instead of the community's grid worker. Refused, naming the rule.
    func checkSealRules(_ alarms: ServeConfig.Alarms?, communities: [ServeConfig.Community], dispatch: DispatchConfig?,
                        rules: Field?) {
        guard let alarms, let dispatch, let rules,
              let seal = alarms.devices.first(where: { $0.seals != nil }),
              let community = communities.first(where: { $0.id == seal.seals?.community }) else { return }
        let incident = community.incident(.keyPersonLeft, subject: "", camera: "", kind: .alarm, place: nil, at: Date())
        guard let rule = dispatch.rule(for: incident), rule.when?.kind == Sighting.Kind.alarm.rawValue,
              rule.when?.watchlist == nil else { return }
        let name = GateAlert.Rule.keyPersonLeft.rawValue
        log.add(rules, "rule \(quoted(rule.name)) would dispatch door seal \(quoted(seal.id))'s \(name) incident (of kind alarm) to its forces, not the community's: list a rule with when: {watchlist: [\(name)]} before it")
    }
}
