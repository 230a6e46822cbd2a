import Dispatching
import Foundation
import GB28181
import Incidents
import Logging
import ServiceLifecycle
import Toolkit

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
    /// The alarm desk of `config`'s `alarms:` (nil without one); door seals of the communities' units look up their
    /// watches in `communities`.
    static func alarmDesk(_ config: ServeConfig, store: any AlarmStore & HistoryStore, communities: any CommunityStore,
                          live: LiveCameras, logger: Logger) -> AlarmDesk? {
        let snapshots = URL(fileURLWithPath: config.storage.snapshots)
        return config.alarms.map { alarms in
            var desk = AlarmDesk(devices: alarms.devices, store: store, pictures: { camera in
                await Self.picture(of: camera, from: live, in: snapshots, logger: logger)
            }, clips: { camera, incident in
                if !live.clip(of: camera, incident: incident) { logger.info("alarm incident \(incident): camera \(camera) keeps no clip") }
            })
            desk.maxAge = alarms.maxAge
            if alarms.devices.contains(where: { $0.seals != nil }) {
                desk.keyPersons = { [seals = CommunitySeals(config, store: communities)] seal, alarm in
                    try await seals.incident(for: seal, alarm: alarm)
                }
            }
            return desk
        }
    }

    /// The camera's picture of the moment, written as `<snapshots>/<camera>/alarms/<time>-<random>.jpg`: its path, or
    /// nil (the camera does not run here, has no keyframe yet, or the file could not be written, which is logged).
    private static func picture(of camera: String, from live: LiveCameras, in snapshots: URL, logger: Logger) async -> String? {
        do {
            return try await Blocking.run {
                guard let jpeg = try live.picture(of: camera) else { return nil }
                let folder = snapshots.appendingPathComponent(camera, isDirectory: true).appendingPathComponent("alarms", isDirectory: true)
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                let file = folder.appendingPathComponent("\(Int(Date().timeIntervalSince1970 * 1000))-\(UInt32.random(in: 0...UInt32.max)).jpg")
                try Data(jpeg).write(to: file, options: .atomic)
                return file.path
            }
        } catch {
            logger.warning("no picture of camera \(camera) for an alarm: \(error)")
            return nil
        }
    }
}
