import Dispatching
import Foundation
import GB28181
import Incidents
import Logging
import ServiceLifecycle

/// GB/T 28181 devices' alarms, in the order the platform received them, recorded through the alarm desk like the
/// API's: a device is found under its alarm's DeviceID (a channel, an alarm input) or else its own, as listed in
/// `alarms:`. The device's clock is trusted when it is within the desk's `maxAge` of this one; else the alarm is
/// dated when it arrived (a device clock far off must not make its alarms stale).
struct GBAlarmIntake: Service {
    let alarms: AsyncStream<DeviceAlarm>
    let desk: AlarmDesk
    let logger: Logger

    func run() async throws {
        for await alarm in alarms.cancelOnGracefulShutdown() { await record(alarm) }
    }

    private func record(_ alarm: DeviceAlarm) async {
        guard let id = [alarm.source, alarm.device].first(where: { desk.devices[$0] != nil }) else {
            logger.warning("GB/T 28181 alarm from \(alarm.source) (device \(alarm.device)) not recorded: no such device in alarms:")
            return
        }
        let time = alarm.time.flatMap { abs($0.timeIntervalSinceNow) <= desk.maxAge ? $0 : nil } ?? Date()
        let position = alarm.latitude.flatMap { latitude in alarm.longitude.map { Coordinate(latitude: latitude, longitude: $0) } }
        do {
            switch try await desk.report(device: id, kind: nil, time: time, position: position, description: alarm.description) {
            case .raised(let incident): logger.notice("alarm of \(id): incident \(incident.id ?? 0) at camera \(incident.cameraId)")
            case .replayed(let incident): logger.info("alarm of \(id) repeated: incident \(incident.id ?? 0) already raised")
            }
        } catch {
            logger.error("alarm of \(id) not recorded: \(error)")
        }
    }
}

extension ServeRuntime {
    /// The alarm desk of `config`'s `alarms:` (nil without one).
    static func alarmDesk(_ config: ServeConfig, store: any AlarmStore & HistoryStore) -> AlarmDesk? {
        config.alarms.map { alarms in
            var desk = AlarmDesk(devices: alarms.devices, store: store)
            desk.maxAge = alarms.maxAge
            return desk
        }
    }
}
