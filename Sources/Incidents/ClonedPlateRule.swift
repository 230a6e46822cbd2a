public import Foundation
public import Severities

/// When one plate read at two cameras makes a cloned plate (套牌车): the car would have had to travel between them
/// faster than `speedLimitKmh`. Given to ``IncidentStore``; nil there switches the check off.
///
/// ```swift
/// let store = try IncidentStore(path: "sharpeyes.sqlite", clonedPlates: ClonedPlateRule(speedLimitKmh: 120),
///                               onNewIncident: dispatcher.incidentHook)
/// ```
public struct ClonedPlateRule: Sendable, Equatable {
    /// An implied speed above this, in km/h, is not one car.
    public var speedLimitKmh: Double
    /// Both reads must be at least this sure. The voted confidence of a plate pass is its weakest character's
    /// confidence times the share of the vote: on the committed slideshow of five plates, clean reads score 0.99
    /// and more, a read with one doubtful character 0.86, the night plate misread as 川A09505 (it is 川A095Q5) 0.88
    /// to 0.90. A misread that happens to spell another car's plate is exactly a false cloned plate, so the default
    /// keeps only the clean reads.
    public var minimumConfidence: Double
    /// How far apart in time two reads may be and still be compared (and how long an open cloned-plate incident
    /// takes the plate's later conflicts instead of a new one being raised).
    public var lookBack: TimeInterval
    public var severity: Severity
    /// Cameras closer than this, in metres, never count: they may see the same car at the same moment, and over a
    /// short distance the seconds of a pass make any speed.
    public var minimumDistance: Double

    public init(speedLimitKmh: Double = 150, minimumConfidence: Double = 0.9, lookBack: TimeInterval = 86_400,
                severity: Severity = .high, minimumDistance: Double = 1_000) {
        self.speedLimitKmh = speedLimitKmh
        self.minimumConfidence = minimumConfidence
        self.lookBack = lookBack
        self.severity = severity
        self.minimumDistance = minimumDistance
    }
}
