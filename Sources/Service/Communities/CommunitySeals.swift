import Communities
import Dispatching
import Foundation
import Incidents
import Logging

/// Door seals on the homes of the communities' residents (`alarms: devices: [{kind: door_seal, community, unit}]`):
/// a sealed door opened while a resident of its unit is under watch raises the same key-person incident as that
/// resident seen at a gate (`GateWatch.doorSealOpened`), for the community's grid worker and volunteers, in place of
/// a plain alarm. The watches are read from the store at the alarm's time, so an API-only node (which runs no gate)
/// decides as an analysis node does, and a watch imported a moment ago counts.
struct CommunitySeals: Sendable {
    let communities: [String: ServeConfig.Community]
    let store: any CommunityStore

    init(_ config: ServeConfig, store: any CommunityStore) {
        communities = Dictionary(config.communities.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.store = store
    }

    /// The key-person incident of `alarm`, a door opened at `seal`'s unit, placed as the alarm is (its camera, the
    /// device's position, else the community's place); nil when nobody of the unit is under watch then.
    func incident(for seal: AlarmDesk.SealedUnit, alarm: AlarmReport) async throws -> Incident? {
        guard let community = communities[seal.community] else { return nil }
        var register = CommunityRegister(community: community.id, threshold: community.threshold)
        for (resident, watch) in try await store.watches(community: community.id, at: alarm.time) where resident.unit == seal.unit {
            guard let id = resident.id else { continue }
            register.add(Resident(id: id, name: resident.name, unit: resident.unit), faces: [])
            register.watch(KeyPersonWatch(residentId: id, until: watch.until))
        }
        let alerts = GateWatch(register: register).doorSealOpened(unit: seal.unit, device: alarm.device, at: alarm.time)
        guard let rule = alerts.first?.rule else { return nil }
        let place = alarm.latitude.flatMap { latitude in alarm.longitude.map { Coordinate(latitude: latitude, longitude: $0) } }
        return community.incident(rule, subject: alerts.compactMap(\.resident).map(\.named).joined(separator: ", "),
                                  reason: "the door seal of a resident under watch opened (\(alarm.deviceName))",
                                  camera: alarm.cameraId, kind: .alarm, place: place, at: alarm.time)
    }
}

extension CommunityGates {
    /// Warns of door seals whose unit has nobody in the community's register as loaded at start: their openings stay
    /// plain alarms until a resident of that unit is registered and watched (an import while `serve` runs counts; the
    /// register is not the config's to check, so this is not an error).
    static func checkSeals(_ devices: [AlarmDesk.Device], gates: [CommunityGate], logger: Logger) {
        for device in devices {
            guard let seal = device.seals, let gate = gates.first(where: { $0.community.id == seal.community }),
                  !gate.hasResidents(in: seal.unit) else { continue }
            logger.warning("alarms: door seal \(device.id) seals unit \(seal.unit) of community \(seal.community), where nobody is registered yet: its openings are plain alarms until a resident of that unit is under watch")
        }
    }
}
