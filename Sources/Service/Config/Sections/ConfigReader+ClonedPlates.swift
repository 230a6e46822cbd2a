import Incidents
import Severities

/// `recognition.cloned_plate_*`: when one plate at two cameras raises a cloned-plate incident.
extension ConfigReader {
    static let clonedPlateKeys = [
        "cloned_plate_speed_kmh", "cloned_plate_min_confidence", "cloned_plate_look_back", "cloned_plate_severity",
    ]

    /// `cloned_plate_speed_kmh: off` switches the check off. 0 is refused rather than read as off (a limit of 0
    /// would mean every plate seen twice is cloned, and a typo should not silently disable the alert); so is a limit
    /// above 1000 km/h, which no car reaches (metres per hour given by mistake). The other keys are checked either way.
    func clonedPlates(_ given: MappingFields) -> ClonedPlateRule? {
        var rule = ClonedPlateRule()
        let speed = given["cloned_plate_speed_kmh"]
        let off = speed.map { ["off", "false", "no"].contains($0.node.text?.lowercased() ?? "") } ?? false
        if !off, let field = speed {
            if let text = field.node.text, let value = Self.parseNumber(text), value <= 0 {
                log.add(field, "must be more than 0 km/h (write off to switch the check off), got \(text)")
            } else {
                rule.speedLimitKmh = number(field, .above(0, atMost: 1000)) ?? rule.speedLimitKmh
            }
        }
        if let field = given["cloned_plate_min_confidence"] {
            rule.minimumConfidence = number(field, .within(0.5...1)) ?? rule.minimumConfidence
        }
        if let field = given["cloned_plate_look_back"] {
            rule.lookBack = number(field, .above(0, atMost: 604_800)) ?? rule.lookBack
        }
        if let field = given["cloned_plate_severity"], let severity = string(field) {
            if let severity = Severity(rawValue: severity) {
                rule.severity = severity
            } else {
                log.add(field, "expected \(Severity.names), got \(quoted(severity))")
            }
        }
        return off ? nil : rule
    }
}
