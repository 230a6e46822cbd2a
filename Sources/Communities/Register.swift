public import Foundation
public import Recognition

/// A residential community's register: who lives there (and their faces), which vehicles belong to it, who may
/// visit and until when, and who must stay home. A gate decides "resident or not" against it.
///
/// Faces are searched as a gallery of their own (`FaceGallery`, exact scan; 100,000 people in about 3 ms) with the
/// register's own threshold, stricter than a watchlist's: at 100,000 people the chance that a stranger resembles
/// somebody is a hundredfold that of a 1,000-person list (`sharpeyes bench gallery`, README).
public struct CommunityRegister: Sendable {
    /// The distance within which a face is taken for a registered one (see the README's table: no false accept at
    /// 100,000 people on either model, 97% of one person's photo pairs accepted).
    public static let defaultThreshold = 0.45

    public let community: String
    public var threshold: Double
    private(set) var residents: [Int64: Resident] = [:]
    private var residentFaces = FaceGallery()
    private var vehicles: [String: Vehicle] = [:]
    private var passes: [Int64: VisitorPass] = [:]
    private var visitorFaces = FaceGallery()
    private var watches: [Int64: KeyPersonWatch] = [:]

    public init(community: String, threshold: Double = Self.defaultThreshold) {
        self.community = community
        self.threshold = threshold
    }

    /// Adds a resident with the embeddings of their photos (one or more).
    public mutating func add(_ resident: Resident, faces: [FaceEmbedding]) {
        residents[resident.id] = resident
        for face in faces { residentFaces.append(face, id: resident.id) }
    }

    public mutating func add(_ vehicle: Vehicle) { vehicles[PlateKey.of(vehicle.plate)] = vehicle }

    /// Adds a visitor's pass; a pass for a face carries the visitor's embeddings.
    public mutating func add(_ pass: VisitorPass, faces: [FaceEmbedding] = []) {
        passes[pass.id] = pass
        for face in faces { visitorFaces.append(face, id: pass.id) }
    }

    /// Puts a resident under watch: seen at a gate before `until`, they have left home.
    public mutating func watch(_ watch: KeyPersonWatch) { watches[watch.residentId] = watch }

    public var residentCount: Int { residents.count }

    /// Whether anyone is registered in `unit`.
    public func hasResidents(in unit: String) -> Bool { residents.values.contains { $0.unit == unit } }

    /// Who a face at a gate is, at `time`.
    public func identify(face: FaceEmbedding, at time: Date) -> Identity {
        if let (id, distance) = residentFaces.nearest(to: face, within: threshold), let resident = residents[id] {
            return .resident(resident, distance: distance, watched: watch(of: id, at: time))
        }
        if let (id, _) = visitorFaces.nearest(to: face, within: threshold), let pass = passes[id] {
            return .visitor(pass, valid: pass.isValid(at: time))
        }
        return .stranger
    }

    /// Whose a plate at a gate is, at `time`.
    public func identify(plate: String, at time: Date) -> Identity {
        let key = PlateKey.of(plate)
        if let vehicle = vehicles[key] { return .vehicle(vehicle) }
        // The latest pass for the plate decides: an old expired pass does not hide a new one.
        let forPlate = passes.values.filter { $0.plate.map(PlateKey.of) == key }.sorted { $0.validUntil < $1.validUntil }
        if let pass = forPlate.first(where: { $0.isValid(at: time) }) ?? forPlate.last { return .visitor(pass, valid: pass.isValid(at: time)) }
        return .unregisteredVehicle
    }

    /// The watch on a resident that holds at `time`, if any.
    public func watch(of residentId: Int64, at time: Date) -> KeyPersonWatch? {
        watches[residentId].flatMap { time < $0.until ? $0 : nil }
    }

    /// The watched residents of a unit at `time` (a door seal reports a unit, not a person).
    public func watched(unit: String, at time: Date) -> [Resident] {
        residents.values.filter { $0.unit == unit && watch(of: $0.id, at: time) != nil }.sorted { $0.id < $1.id }
    }
}

/// What the register says of a face or a plate.
public enum Identity: Sendable, Equatable {
    case resident(Resident, distance: Double, watched: KeyPersonWatch?)
    case visitor(VisitorPass, valid: Bool)
    case vehicle(Vehicle)
    case stranger
    case unregisteredVehicle
}

public struct Resident: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var unit: String

    public init(id: Int64, name: String, unit: String) {
        (self.id, self.name, self.unit) = (id, name, unit)
    }
}

public struct Vehicle: Sendable, Equatable {
    public var plate: String
    /// The owner's unit.
    public var unit: String

    public init(plate: String, unit: String) {
        (self.plate, self.unit) = (plate, unit)
    }
}

/// A visitor's pass: for a face (embeddings given to the register) or a plate, from `validFrom` until `validUntil`.
public struct VisitorPass: Sendable, Equatable {
    public var id: Int64
    public var hostUnit: String
    public var plate: String?
    public var validFrom: Date
    public var validUntil: Date

    public init(id: Int64, hostUnit: String, plate: String? = nil, validFrom: Date, validUntil: Date) {
        (self.id, self.hostUnit, self.plate, self.validFrom, self.validUntil) = (id, hostUnit, plate, validFrom, validUntil)
    }

    public func isValid(at time: Date) -> Bool { validFrom <= time && time < validUntil }
}

/// A resident who must stay home until a date (health watch, a court's order).
public struct KeyPersonWatch: Sendable, Equatable {
    public var residentId: Int64
    public var until: Date

    public init(residentId: Int64, until: Date) {
        (self.residentId, self.until) = (residentId, until)
    }
}

/// Plates compared without spaces, dots or case (`京A·12345` and `京a12345` are one plate).
enum PlateKey {
    static func of(_ plate: String) -> String {
        String(plate.uppercased().filter { !" ·.-".contains($0) })
    }
}
