public import Foundation

/// What a drone's MISB ST 0601 packet says about where it is and where its camera looks, in degrees and metres.
///
/// Every item is optional: a platform sends what it has, and an item whose value is the standard's error
/// indicator (0x8000… for signed angles) reads as nil.
public struct Telemetry: Sendable, Equatable {
    /// Tag 2: when these values held (the Precision Time Stamp, microseconds since 1970 UTC).
    public var timestamp: Date?
    /// Tag 5: the platform's heading, clockwise from true north, 0–360°.
    public var platformHeading: Double?
    /// Tags 13, 14, 15: the sensor's position; altitude above mean sea level in metres.
    public var sensorLatitude: Double?
    public var sensorLongitude: Double?
    public var sensorAltitude: Double?
    /// Tags 16, 17: the sensor's horizontal and vertical fields of view, 0–180°.
    public var horizontalFieldOfView: Double?
    public var verticalFieldOfView: Double?
    /// Tags 18, 19, 20: the sensor's azimuth (0–360°), elevation (±180°) and roll (0–360°) relative to the platform.
    public var sensorRelativeAzimuth: Double?
    public var sensorRelativeElevation: Double?
    public var sensorRelativeRoll: Double?
    /// Tag 21: distance from the sensor to the frame centre, metres.
    public var slantRange: Double?
    /// Tags 23, 24, 25: the ground point at the centre of the picture; elevation above mean sea level in metres.
    public var frameCenterLatitude: Double?
    public var frameCenterLongitude: Double?
    public var frameCenterElevation: Double?
    /// Tag 65: the UAS Datalink LS version the packet follows.
    public var version: Int?

    public init() {}

    /// The frame centre, when both coordinates are known.
    public var frameCenter: (latitude: Double, longitude: Double)? {
        guard let frameCenterLatitude, let frameCenterLongitude else { return nil }
        return (frameCenterLatitude, frameCenterLongitude)
    }
}
