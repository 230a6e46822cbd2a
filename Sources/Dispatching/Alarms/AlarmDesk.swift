public import Foundation
public import Incidents
public import Severities

/// Where device alarms come in — `POST /api/alarms` from a one-button alarm or a door seal, a GB/T 28181 device's
/// Alarm notification — and become incidents: of type `alarm`, at the device's position, placed at its camera (the
/// configured one, else the nearest with a position) with that camera's picture of the moment when the camera runs
/// here, and dispatched by the rules (`when: {kind: alarm}`) like any hit.
///
/// An alarm older than `maxAge`, or dated ahead of this clock by more than `maxAhead`, is refused as stale; the same
/// device and time a second time is a replay, which raises nothing. Both answer 409 on the API: a recorded alarm
/// cannot be sent again to raise a second incident.
///
/// A door seal that seals a community's unit (`Device.seals`) and reports its door opened (an alarm of kind
/// `door_seal`) raises, when a resident of that unit is under watch, the community's key-person incident instead
/// (`keyPersons`); else a plain alarm.
public struct AlarmDesk: Sendable {
    /// A device that may raise alarms, as configured.
    public struct Device: Sendable, Equatable {
        public var id: String
        public var name: String
        /// `one_button`, `door_seal`, … : what the device is; an alarm's own kind may be more precise.
        public var kind: String
        public var position: Coordinate?
        public var severity: Severity
        /// The camera to place its alarms at; nil: the nearest camera with a position.
        public var camera: String?
        /// The community's unit whose door it seals (a `door_seal` device only).
        public var seals: SealedUnit?

        public init(id: String, name: String, kind: String, position: Coordinate?, severity: Severity = .critical, camera: String? = nil,
                    seals: SealedUnit? = nil) {
            (self.id, self.name, self.kind, self.position, self.severity, self.camera) = (id, name, kind, position, severity, camera)
            self.seals = seals
        }
    }

    /// A home's door a seal watches: the community's id and the unit as its register names it.
    public struct SealedUnit: Sendable, Equatable {
        public var community: String
        public var unit: String

        public init(community: String, unit: String) { (self.community, self.unit) = (community, unit) }
    }

    /// The kind of alarm a door seal sends when its door opens.
    public static let doorSeal = "door_seal"

    /// The incident a sealed door's opening raises in place of the alarm's own: the community's key-person incident
    /// when a resident of the unit is under watch at the alarm's time, placed as the alarm is; nil: a plain alarm.
    public typealias KeyPersons = @Sendable (_ seal: SealedUnit, _ alarm: AlarmReport) async throws -> Incident?

    /// The camera's picture of this moment, written under the snapshot directory: its path, or nil when the camera
    /// is not running here or has no picture yet.
    public typealias Pictures = @Sendable (_ camera: String) async -> String?
    /// Starts the video clip of a new alarm incident at its camera (pre-roll from the camera's ring, post-roll as it
    /// comes), where the camera keeps video.
    public typealias Clips = @Sendable (_ camera: String, _ incident: Int64) -> Void

    public var devices: [String: Device]
    public var maxAge: TimeInterval = 60
    public var maxAhead: TimeInterval = 5
    private let store: any AlarmStore & HistoryStore
    private let pictures: Pictures
    private let clips: Clips
    /// Where sealed doors' openings are looked up (nil: every alarm is a plain alarm).
    public var keyPersons: KeyPersons?
    private let now: @Sendable () -> Date

    public init(devices: [Device], store: any AlarmStore & HistoryStore, pictures: @escaping Pictures = { _ in nil },
                clips: @escaping Clips = { _, _ in }, now: @escaping @Sendable () -> Date = { Date() }) {
        self.devices = Dictionary(devices.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.store = store
        self.pictures = pictures
        self.clips = clips
        self.now = now
    }

    /// Records one alarm of `device`. `kind` and `position` default to the device's; `time` is when it went off.
    public func report(device id: String, kind: String?, time: Date, position: Coordinate?, description: String?)
        async throws(AlarmRefusal) -> AlarmOutcome {
        guard let device = devices[id] else { throw .unknownDevice(id) }
        let age = now().timeIntervalSince(time)
        guard age <= maxAge, age >= -maxAhead else { throw .stale(seconds: age) }
        let place = position ?? device.position
        do {
            guard let camera = try await camera(for: device, at: place) else { throw AlarmRefusal.noCamera(id) }
            var report = AlarmReport(device: id, deviceName: device.name, kind: kind ?? device.kind, time: time,
                                     latitude: place?.latitude, longitude: place?.longitude, description: description,
                                     severity: device.severity, cameraId: camera, snapshotPath: await pictures(camera))
            if let seal = device.seals, report.kind == Self.doorSeal, let keyPersons {
                report.incidentInstead = try await keyPersons(seal, report)
            }
            let outcome = try await store.raiseAlarm(report)
            if case .raised(let incident) = outcome, let id = incident.id { clips(camera, id) }
            return outcome
        } catch let refusal as AlarmRefusal {
            throw refusal
        } catch {
            throw .store(error)
        }
    }

    /// The configured camera, else the nearest with a position (nil: none).
    private func camera(for device: Device, at place: Coordinate?) async throws -> String? {
        if let camera = device.camera { return camera }
        guard let place else { return nil }
        let placed = try await store.cameras(inGrids: nil).compactMap { camera in camera.coordinate.map { (camera.id, $0.distance(to: place)) } }
        return placed.min { $0.1 < $1.1 }?.0
    }
}

/// Why an alarm was not recorded.
public enum AlarmRefusal: Error, Sendable, CustomStringConvertible {
    case unknownDevice(String)
    /// Its time is too far from now (seconds old; negative: ahead).
    case stale(seconds: Double)
    /// No camera to place it at: the device names none and no camera has a position.
    case noCamera(String)
    case store(any Error)

    public var description: String {
        switch self {
        case .unknownDevice(let id): "no alarm device '\(id)' is configured"
        case .stale(let seconds): seconds >= 0 ? String(format: "the alarm is %.0f s old: refused as stale or replayed", seconds)
            : String(format: "the alarm is dated %.0f s ahead of this server's clock", -seconds)
        case .noCamera(let id): "alarm device '\(id)' names no camera and no camera has a position"
        case .store(let error): "the alarm could not be recorded: \(error)"
        }
    }
}
