public import Foundation
public import Recognition

/// A passage at one of a community's gates: a face or a plate, when, and which way if the camera says.
public struct Passage: Sendable {
    public enum Subject: Sendable {
        case face(FaceEmbedding)
        case plate(String)
    }

    public enum Direction: String, Sendable { case entering, leaving }

    public var gate: String
    public var time: Date
    public var subject: Subject
    public var direction: Direction?

    public init(gate: String, time: Date, subject: Subject, direction: Direction? = nil) {
        (self.gate, self.time, self.subject, self.direction) = (gate, time, subject, direction)
    }
}

/// Every passage is logged: a resident, a registered vehicle or a valid visitor is an access record and nothing
/// more; an unknown face or vehicle is a record marked `stranger`.
public struct AccessRecord: Sendable, Equatable {
    public var gate: String
    public var time: Date
    public var direction: Passage.Direction?
    public var identity: Identity

    public var isStranger: Bool {
        switch identity {
        case .stranger, .unregisteredVehicle: true
        default: false
        }
    }
}

/// An incident the gate rules raise. It goes to the community's own forces (grid worker, volunteers), never the
/// police, and carries only what the rule needs: a key person's unit and name for the grid worker, no identity at all
/// for the others.
public struct GateAlert: Sendable, Equatable {
    public enum Rule: String, Sendable {
        /// One unknown face at two different gates within the window.
        case strangerAtTwoGates = "stranger_at_two_gates"
        /// An unregistered vehicle entering at night.
        case vehicleAtNight = "unregistered_vehicle_at_night"
        /// A visitor's pass used outside its validity.
        case passNotValid = "visitor_pass_not_valid"
        /// A resident who must stay home seen at a gate, or their unit's door seal opened.
        case keyPersonLeft = "key_person_left"
    }

    public var rule: Rule
    public var gate: String
    public var time: Date
    /// The watched resident (key-person rule only): for the grid worker, never for volunteers.
    public var resident: Resident?
}

/// The gate rules of one community over its register: turns each passage into its access record and, when a rule
/// says so, an alert. Keeps the recent strangers (for the two-gates rule) and forgets them after the window.
public struct GateWatch: Sendable {
    public struct Rules: Sendable {
        /// How long a stranger is remembered for the two-gates rule.
        public var strangerWindow: TimeInterval = 3600
        /// Two unknown faces this close are taken for one stranger (a watchlist's tolerance: looser than the
        /// register's, since it compares a handful of recent strangers, not 100,000 residents).
        public var strangerTolerance = 0.5
        /// Night, in local hours: from `nightStart` to `nightEnd` (wrapping past midnight).
        public var nightStart = 23
        public var nightEnd = 5
        public var timeZone = TimeZone(identifier: "Asia/Shanghai") ?? .current

        public init() {}
    }

    public var register: CommunityRegister
    public var rules: Rules
    private var strangers: [(face: FaceEmbedding, gates: Set<String>, last: Date, alerted: Bool)] = []

    public init(register: CommunityRegister, rules: Rules = Rules()) {
        self.register = register
        self.rules = rules
    }

    /// The passage's record, and the alert a rule raises for it, if any.
    public mutating func observe(_ passage: Passage) -> (AccessRecord, GateAlert?) {
        let identity = switch passage.subject {
        case .face(let face): register.identify(face: face, at: passage.time)
        case .plate(let plate): register.identify(plate: plate, at: passage.time)
        }
        let record = AccessRecord(gate: passage.gate, time: passage.time, direction: passage.direction, identity: identity)
        return (record, alert(for: record, passage: passage))
    }

    /// A watched unit's door seal reports "opened": the same alert as the person seen at a gate, for each watched
    /// resident of the unit (none: nothing to raise).
    public func doorSealOpened(unit: String, device: String, at time: Date) -> [GateAlert] {
        register.watched(unit: unit, at: time).map { GateAlert(rule: .keyPersonLeft, gate: device, time: time, resident: $0) }
    }

    private mutating func alert(for record: AccessRecord, passage: Passage) -> GateAlert? {
        let raise = { (rule: GateAlert.Rule, resident: Resident?) in
            GateAlert(rule: rule, gate: record.gate, time: record.time, resident: resident)
        }
        switch (record.identity, passage.subject) {
        case (.resident(let resident, _, let watched), _) where watched != nil:
            return raise(.keyPersonLeft, resident)
        case (.visitor(_, false), _):
            return raise(.passNotValid, nil)
        case (.unregisteredVehicle, _) where passage.direction != .leaving && isNight(record.time):
            return raise(.vehicleAtNight, nil)
        case (.stranger, .face(let face)):
            return strangerSeen(face, at: record.gate, time: record.time) ? raise(.strangerAtTwoGates, nil) : nil
        default:
            return nil
        }
    }

    /// Notes a stranger's face; true the first time one face has been seen at two different gates within the window.
    private mutating func strangerSeen(_ face: FaceEmbedding, at gate: String, time: Date) -> Bool {
        strangers.removeAll { time.timeIntervalSince($0.last) > rules.strangerWindow }
        let near = strangers.indices.filter { strangers[$0].face.distance(to: face) <= rules.strangerTolerance }
            .min { strangers[$0].face.distance(to: face) < strangers[$1].face.distance(to: face) }
        guard let index = near else {
            strangers.append((face, [gate], time, false))
            return false
        }
        strangers[index].gates.insert(gate)
        strangers[index].last = time
        guard strangers[index].gates.count >= 2, !strangers[index].alerted else { return false }
        strangers[index].alerted = true
        return true
    }

    func isNight(_ time: Date) -> Bool {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = rules.timeZone
        let hour = calendar.component(.hour, from: time)
        return rules.nightStart > rules.nightEnd ? (hour >= rules.nightStart || hour < rules.nightEnd)
            : (hour >= rules.nightStart && hour < rules.nightEnd)
    }
}
