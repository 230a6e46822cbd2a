import Communities
import Foundation
import Yams

/// `communities: [{id, name, grid, gates: [camera ids], polygon, threshold, time_zone, night: [23, 5],
/// stranger_window}]`. Each gate is a camera in `mode: access`, and each camera in that mode is a gate of exactly one
/// community.
extension ConfigReader {
    private static let communityKeys = ["id", "name", "grid", "gates", "polygon", "threshold", "time_zone", "night",
                                        "stranger_window"]

    func communities(_ field: Field?, cameras: [ServeConfig.Camera], modes: [String: (ServeConfig.Camera.Mode, Field)],
                     grids: Set<String>) -> [ServeConfig.Community] {
        let items = field.flatMap(list) ?? []
        var communities: [ServeConfig.Community] = [], ids: Set<String> = [], gateOf: [String: String] = [:]
        for item in items {
            guard let community = community(item, grids: grids) else { continue }
            guard ids.insert(community.id).inserted else {
                log.add(item, "community \(quoted(community.id)) is listed twice")
                continue
            }
            checkGates(community, item: item, modes: modes, known: Set(cameras.map(\.id)), gateOf: &gateOf)
            communities.append(community)
        }
        for (camera, (mode, modeField)) in modes where mode == .access && gateOf[camera] == nil {
            log.add(modeField, "camera \(quoted(camera)) is in access mode but no community lists it in gates:")
        }
        return communities
    }

    /// A camera's `mode:` (nil when not given).
    func cameraMode(_ field: Field) -> ServeConfig.Camera.Mode? {
        guard let text = string(field) else { return nil }
        guard let mode = ServeConfig.Camera.Mode(rawValue: text) else {
            log.add(field, "expected watch or access, got \(quoted(text))")
            return nil
        }
        return mode
    }

    private func community(_ field: Field, grids: Set<String>) -> ServeConfig.Community? {
        guard let given = mapping(field, known: Self.communityKeys) else { return nil }
        let id = required("id", in: given, "an id of 1-64 letters, digits, '_', '.', '-'").flatMap(communityID)
        let gates = required("gates", in: given, "the ids of its gate cameras").flatMap(list)?.compactMap(string)
        let grid = given["grid"].flatMap { gridID($0, grids: grids) }
        let polygon = given["polygon"].flatMap(polygon)
        let threshold = given["threshold"].flatMap { number($0, .within(ServeConfig.Community.thresholdRange)) } ?? 0.45
        let zone = given["time_zone"].flatMap(timeZone) ?? "Asia/Shanghai"
        let night = given["night"].flatMap(night) ?? (23, 5)
        let window = given["stranger_window"].flatMap { number($0, .within(ServeConfig.Community.strangerWindowRange)) } ?? 3600
        guard let id, let gates else { return nil }
        if gates.isEmpty, let gatesField = given["gates"] { log.add(gatesField, "a community needs at least one gate camera") }
        return ServeConfig.Community(id: id, name: given["name"].flatMap(string) ?? id, grid: grid, gates: gates, polygon: polygon,
                                     threshold: threshold, timeZone: zone, nightStart: night.0, nightEnd: night.1,
                                     strangerWindow: window)
    }

    private func checkGates(_ community: ServeConfig.Community, item: Field, modes: [String: (ServeConfig.Camera.Mode, Field)],
                            known: Set<String>, gateOf: inout [String: String]) {
        for gate in community.gates {
            if !known.contains(gate) {
                log.add(item, "community \(quoted(community.id)): no camera \(quoted(gate)) in cameras:")
            } else if modes[gate]?.0 != .access {
                log.add(item, "community \(quoted(community.id)): camera \(quoted(gate)) is a gate: give it mode: access")
            } else if let other = gateOf[gate], other != community.id {
                log.add(item, "camera \(quoted(gate)) is already a gate of community \(quoted(other))")
            } else {
                gateOf[gate] = community.id
            }
        }
    }

    private func communityID(_ field: Field) -> String? {
        guard let id = string(field) else { return nil }
        let allowed = id.count <= 64 && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_.-".contains($0)) }
        if !allowed { log.add(field, "must be 1-64 characters of A-Z, a-z, 0-9, '_', '.', '-', got \(quoted(id))") }
        return allowed ? id : nil
    }

    private func polygon(_ field: Field) -> [[Double]]? {
        guard let corners = list(field) else { return nil }
        guard corners.count >= 3 else {
            log.add(field, "a polygon needs at least 3 [longitude, latitude] corners, got \(corners.count)")
            return nil
        }
        let points = corners.map { corner -> [Double]? in
            guard let pair = list(corner) else { return nil }
            guard pair.count == 2 else {
                log.add(corner, "give [longitude, latitude], got \(pair.count) numbers")
                return nil
            }
            let longitude = number(pair[0], .within(ServeConfig.Position.longitudeRange))
            let latitude = number(pair[1], .within(ServeConfig.Position.latitudeRange))
            return longitude.flatMap { longitude in latitude.map { [longitude, $0] } }
        }
        return points.contains(where: { $0 == nil }) ? nil : points.compactMap { $0 }
    }

    private func timeZone(_ field: Field) -> String? {
        guard let name = string(field) else { return nil }
        guard TimeZone(identifier: name) != nil else {
            log.add(field, "no time zone \(quoted(name)) (give an IANA name such as Asia/Shanghai)")
            return nil
        }
        return name
    }

    private func night(_ field: Field) -> (Int, Int)? {
        guard let hours = list(field) else { return nil }
        guard hours.count == 2 else {
            log.add(field, "give [start hour, end hour], e.g. [23, 5], got \(hours.count) numbers")
            return nil
        }
        guard let start = integer(hours[0], in: 0...23), let end = integer(hours[1], in: 0...23) else { return nil }
        if start == end { log.add(field, "the night's start and end hours are the same") }
        return (start, end)
    }
}

extension ConfigReader {
    /// Each camera's `mode:` as given, by camera id, with its field for messages (the camera's own reader checks
    /// the rest of the entry).
    func cameraModes(_ field: Field?) -> [String: (ServeConfig.Camera.Mode, Field)] {
        guard let field, case .sequence(let items) = field.node else { return [:] }
        var modes: [String: (ServeConfig.Camera.Mode, Field)] = [:]
        for (index, item) in items.enumerated() {
            guard case .mapping(let entries) = item, let id = entries["id"]?.text, let node = entries["mode"] else { continue }
            let modeField = Field(node: node, path: "\(field.path)[\(index)].mode")
            if let mode = cameraMode(modeField) { modes[id] = (mode, modeField) }
        }
        return modes
    }
}

extension ConfigReader {
    /// A gate camera is in its community's grid: given none, it takes the community's (so the community's own role
    /// sees its incidents and live view); given another, it is refused.
    func placedInTheirCommunities(_ cameras: [ServeConfig.Camera], _ communities: [ServeConfig.Community],
                                  section: Field?) -> [ServeConfig.Camera] {
        cameras.map { camera in
            guard let community = communities.first(where: { $0.gates.contains(camera.id) }), let grid = community.grid else { return camera }
            var placed = camera
            if camera.grid == nil {
                placed.grid = grid
            } else if camera.grid != grid, let field = gridField(of: camera.id, in: section) {
                log.add(field, "camera \(quoted(camera.id)) is a gate of community \(quoted(community.id)), whose grid is \(quoted(grid))")
            }
            return placed
        }
    }

    /// The `grid:` of the camera entry with this id, for messages.
    private func gridField(of camera: String, in section: Field?) -> Field? {
        guard let section, case .sequence(let items) = section.node else { return nil }
        for (index, item) in items.enumerated() {
            guard case .mapping(let entries) = item, entries["id"]?.text == camera, let node = entries["grid"] else { continue }
            return Field(node: node, path: "\(section.path)[\(index)].grid")
        }
        return nil
    }
}

extension ConfigReader {
    /// `communities` with the `direction:` of their gate cameras (`in` or `out`: a camera that watches one lane of a
    /// gate). Only a gate logs passages, so a direction on another camera is refused.
    func withDirections(_ communities: [ServeConfig.Community], of section: Field?,
                        modes: [String: (ServeConfig.Camera.Mode, Field)]) -> [ServeConfig.Community] {
        guard let section, case .sequence(let items) = section.node else { return communities }
        var communities = communities
        for (index, item) in items.enumerated() {
            guard case .mapping(let entries) = item, let id = entries["id"]?.text, let node = entries["direction"] else { continue }
            let field = Field(node: node, path: "\(section.path)[\(index)].direction")
            guard modes[id]?.0 == .access else {
                log.add(field, "camera \(quoted(id)) is not a gate (mode: access): only a gate logs passages and their direction")
                continue
            }
            guard let direction = gateDirection(field), let owner = communities.firstIndex(where: { $0.gates.contains(id) }) else { continue }
            communities[owner].directions[id] = direction
        }
        return communities
    }

    private func gateDirection(_ field: Field) -> Passage.Direction? {
        switch string(field) {
        case "in": return .entering
        case "out": return .leaving
        case let other?:
            log.add(field, "expected in or out, got \(quoted(other))")
            return nil
        case nil: return nil
        }
    }
}
