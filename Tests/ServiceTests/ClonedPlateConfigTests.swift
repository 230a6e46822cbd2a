import Incidents
import InputSafety
import Service
import Severities
import Testing

/// `recognition.cloned_plate_*`: on at 150 km/h unless switched off, every value checked with its line.
struct ClonedPlateConfigTests {
    @Test func onByDefault() throws {
        #expect(try load(minimalConfig).recognition.clonedPlates == ClonedPlateRule())
        #expect(ClonedPlateRule().speedLimitKmh == 150 && ClonedPlateRule().severity == .high)
    }

    @Test func settingsAreRead() throws {
        let yaml = minimalConfig + """
        recognition:
          cloned_plate_speed_kmh: 120
          cloned_plate_min_confidence: 0.95
          cloned_plate_look_back: 43200
          cloned_plate_severity: critical
        """
        let rule = try #require(try load(yaml).recognition.clonedPlates)
        #expect(rule == ClonedPlateRule(speedLimitKmh: 120, minimumConfidence: 0.95, lookBack: 43_200, severity: .critical))
        #expect(try load(yaml).summary.contains { $0.contains("cloned plates above 120 km/h") })
    }

    @Test(arguments: ["off", "false", "no", "Off"])
    func offSwitchesItOff(value: String) throws {
        let config = try load(minimalConfig + "recognition: {cloned_plate_speed_kmh: \(value)}")
        #expect(config.recognition.clonedPlates == nil)
        #expect(config.summary.contains { $0.hasSuffix("cloned plates off") })
    }

    static let errors: [(String, String)] = [
        ("cloned_plate_speed_kmh: 0", "recognition.cloned_plate_speed_kmh: must be more than 0 km/h (write off to switch the check off), got 0"),
        ("cloned_plate_speed_kmh: -50", "recognition.cloned_plate_speed_kmh: must be more than 0 km/h (write off to switch the check off), got -50"),
        ("cloned_plate_speed_kmh: .inf", "recognition.cloned_plate_speed_kmh: must be a finite number, got '.inf'"),
        ("cloned_plate_speed_kmh: .nan", "recognition.cloned_plate_speed_kmh: must be a finite number, got '.nan'"),
        ("cloned_plate_speed_kmh: fast", "recognition.cloned_plate_speed_kmh: expected a number, got 'fast'"),
        ("cloned_plate_speed_kmh: 150000", "recognition.cloned_plate_speed_kmh: must be more than 0 and at most 1000, got 150000"),
        ("cloned_plate_min_confidence: 0.3", "recognition.cloned_plate_min_confidence: must be 0.5 to 1, got 0.3"),
        ("cloned_plate_min_confidence: 2", "recognition.cloned_plate_min_confidence: must be 0.5 to 1, got 2"),
        ("cloned_plate_look_back: 0", "recognition.cloned_plate_look_back: must be more than 0 and at most 604800, got 0"),
        ("cloned_plate_severity: urgent", "recognition.cloned_plate_severity: expected low, medium, high, critical, got 'urgent'"),
        ("cloned_plate_speed: 150", "recognition.cloned_plate_speed: unknown key (did you mean cloned_plate_speed_kmh?)"),
    ]

    @Test(arguments: errors)
    func badValuesAreNamedWithTheirLine(line: String, expected: String) throws {
        let error = try #require(loadError(minimalConfig + "recognition:\n  \(line)\n"))
        #expect(error.kind == .invalid)
        #expect(error.description == "config:3: \(expected)")
    }

    @Test func theOtherKeysAreCheckedWhenItIsOff() throws {
        let error = try #require(loadError(minimalConfig + "recognition:\n  cloned_plate_speed_kmh: off\n  cloned_plate_severity: ''\n"))
        #expect(error.description == "config:4: recognition.cloned_plate_severity: must not be empty")
    }
}
